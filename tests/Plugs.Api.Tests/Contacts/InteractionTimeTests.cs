using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Auth;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Contacts;

/// <summary>
/// An interaction's date defaults to now, and a completed one cannot lie in the future (beyond five
/// minutes of clock drift); the server's clock is a fake one the tests move.
/// </summary>
public abstract class InteractionTimeTests(PlugsApiFactory api)
{
    private static async Task<Guid> ContactAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/v1/contacts", new { first_name = "Tim", last_name = "Keeper" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync())["id"]!.GetValue<Guid>();
    }

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_date_defaults_to_now_and_last_interaction_follows()
    {
        await using var host = new FakeClockHost(api);
        var account = await api.RegisterAsync();
        using var client = host.ClientOf(account);
        var contact = await ContactAsync(client);
        host.Clock.Advance(TimeSpan.FromMinutes(3));
        var created = await client.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { interaction_type = "call", subject = "Just now" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var now = host.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(now, body["interaction_date"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal("completed", body["status"]!.GetValue<string>());
        var shown = await (await client.GetAsync($"/api/v1/contacts/{contact}")).JsonAsync();
        Assert.Equal(now, shown["last_interaction"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_completed_interaction_cannot_lie_in_the_future()
    {
        await using var host = new FakeClockHost(api);
        var account = await api.RegisterAsync();
        using var client = host.ClientOf(account);
        var contact = await ContactAsync(client);
        var url = $"/api/v1/contacts/{contact}/interactions";
        var now = host.Clock.GetUtcNow();

        foreach (var body in new object[]
        {
            new { interaction_type = "meeting", interaction_date = Iso(now.AddHours(2)) },
            new { interaction_type = "meeting", interaction_date = Iso(now.AddMinutes(6)), status = "completed" },
        })
        {
            var refused = await (await client.PostAsJsonAsync(url, body)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("validation_failed", refused["code"]!.GetValue<string>());
            Assert.NotNull(refused["errors"]!["interaction_date"]);
        }
        Assert.Empty(await (await client.GetAsync(url)).JsonArrayAsync());
        // Within the clock allowance, and anything scheduled, is fine.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync(url, new { interaction_type = "call", interaction_date = Iso(now.AddMinutes(4)) })).StatusCode);
        var scheduled = await client.PostAsJsonAsync(url, new { interaction_type = "meeting", interaction_date = Iso(now.AddHours(2)), status = "scheduled" });
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var meeting = $"/api/v1/interactions/{(await scheduled.JsonAsync())["id"]}";

        // Marking it done before it happened is refused and changes nothing; once it has happened, it is done.
        var early = await (await client.PatchAsJsonAsync(meeting, new { status = "completed", outcome = "great" })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(early["errors"]!["interaction_date"]);
        var unchanged = await (await client.GetAsync(meeting)).JsonAsync();
        Assert.Equal("scheduled", unchanged["status"]!.GetValue<string>());
        Assert.Null(unchanged["outcome"]);
        host.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync(meeting, new { status = "completed" })).StatusCode);
        // Nor can a completed one be moved into the future.
        await (await client.PatchAsJsonAsync(meeting, new { interaction_date = Iso(host.Clock.GetUtcNow().AddDays(1)) })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        // Cancelled and scheduled ones may lie anywhere.
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync(meeting, new { status = "cancelled", interaction_date = Iso(host.Clock.GetUtcNow().AddDays(1)) })).StatusCode);
    }

    [Fact]
    public async Task Simultaneous_undated_interactions_are_all_dated_now_and_last_interaction_is_the_latest()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < 3; round++)
        {
            var contact = await ContactAsync(account.Client);
            var before = DateTime.UtcNow.AddSeconds(-1);
            var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
                clients[i % clients.Count].PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { interaction_type = "call" })));
            var after = DateTime.UtcNow.AddSeconds(1);
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            var dates = new List<DateTime>();
            foreach (var response in responses)
            {
                dates.Add((await response.JsonAsync())["interaction_date"]!.GetValue<DateTime>().ToUniversalTime());
            }
            Assert.All(dates, d => Assert.InRange(d, before, after));
            var shown = await (await account.Client.GetAsync($"/api/v1/contacts/{contact}")).JsonAsync();
            Assert.Equal(dates.Max(), shown["last_interaction"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        }
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}

public sealed class InteractionTimeTestsOnSqlite(SqliteApiFactory api) : InteractionTimeTests(api), IClassFixture<SqliteApiFactory>;

public sealed class InteractionTimeTestsOnPostgres(PostgresApiFactory api) : InteractionTimeTests(api), IClassFixture<PostgresApiFactory>;
