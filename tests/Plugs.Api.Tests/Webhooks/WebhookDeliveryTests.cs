using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Plugs.Api.Features.Webhooks;
using Plugs.Api.Tests.Infrastructure;
using StandardWebhooks;

namespace Plugs.Api.Tests.Webhooks;

/// <summary>Deliveries to a real receiver on 127.0.0.1 that verifies every request with the independent StandardWebhooks package.</summary>
public abstract class WebhookDeliveryTests(PlugsApiFactory api) : IAsyncLifetime
{
    private WebApplication? _receiver;
    private string _receiverUrl = "";
    private readonly ConcurrentQueue<(string Id, string Body)> _received = new();
    private string _secret = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            new StandardWebhook(_secret).Verify(body, request.Headers); // throws on a bad signature → 500 → a failed attempt
            _received.Enqueue((request.Headers["webhook-id"].ToString(), body));
            return Results.NoContent();
        });
        await _receiver.StartAsync();
        _receiverUrl = _receiver.Urls.Single();
    }

    public async Task DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_contact_created_and_a_ping_reach_the_receiver_signed_and_show_as_succeeded_deliveries()
    {
        using var host = api.WithWebHostBuilder(b => b.UseSetting("Webhooks:AllowedPrivateNetworks:0", "127.0.0.1/32").UseSetting("Webhooks:AllowHttp", "true"));
        var admin = await api.RegisterAsync();
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", admin.AccessToken);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", PlugsApiFactory.ClientAddress());
        var created = await client.PostAsJsonAsync("/api/v1/webhook-subscriptions/", new { url = $"{_receiverUrl}/hook", event_types = new[] { "contact.created", "contact.deleted" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscription = await created.JsonAsync();
        _secret = subscription["secret"]!.GetValue<string>();
        var id = subscription["id"]!.GetValue<string>();

        var contact = await client.PostAsJsonAsync("/api/v1/contacts/", new { first_name = "Ada", last_name = "Lovelace" });
        Assert.Equal(HttpStatusCode.Created, contact.StatusCode);
        var ping = await client.PostAsync($"/api/v1/webhook-subscriptions/{id}/test", null);
        Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);

        Assert.Equal(2, await host.Services.GetRequiredService<WebhookDeliveries>().RunOnceAsync(CancellationToken.None));
        var bodies = _received.Select(r => r.Body).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Contains("\"type\":\"contact.created\"", bodies[0]);
        Assert.Contains("\"first_name\":\"Ada\"", bodies[0]);
        Assert.Contains("\"type\":\"ping\"", bodies[1]);

        var deliveries = await (await client.GetAsync($"/api/v1/webhook-subscriptions/{id}/deliveries?status=succeeded")).JsonArrayAsync();
        Assert.Equal(2, deliveries.Count);
        // Nothing else is due: a second pass sends nothing.
        Assert.Equal(0, await host.Services.GetRequiredService<WebhookDeliveries>().RunOnceAsync(CancellationToken.None));

        var other = await api.RegisterAsync();
        var stranger = host.CreateClient();
        stranger.DefaultRequestHeaders.Authorization = new("Bearer", other.AccessToken);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/webhook-subscriptions/{id}/deliveries")).StatusCode);
        var first = deliveries[0]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/webhook-subscriptions/{id}/deliveries/{first}/redeliver", null)).StatusCode);

        var redeliveries = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.PostAsync($"/api/v1/webhook-subscriptions/{id}/deliveries/{first}/redeliver", null)));
        Assert.Equal(1, redeliveries.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(15, redeliveries.Count(r => r.StatusCode == HttpStatusCode.Conflict));

        // A soft delete is contact.deleted; it goes out after the redelivered one, in line.
        var contactId = (await contact.JsonAsync())["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/contacts/{contactId}")).StatusCode);
        Assert.Equal(2, await host.Services.GetRequiredService<WebhookDeliveries>().RunOnceAsync(CancellationToken.None));
        Assert.Contains("\"type\":\"contact.deleted\"", _received.Last().Body);
    }
}

public sealed class WebhookDeliveryTestsOnSqlite(SqliteApiFactory api) : WebhookDeliveryTests(api), IClassFixture<SqliteApiFactory>;

public sealed class WebhookDeliveryTestsOnPostgres(PostgresApiFactory api) : WebhookDeliveryTests(api), IClassFixture<PostgresApiFactory>;
