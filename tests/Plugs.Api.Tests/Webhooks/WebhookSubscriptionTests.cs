using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Data;

namespace Plugs.Api.Tests.Webhooks;

/// <summary>
/// Webhook subscriptions (admins): where to send which events, with a signing secret shown once,
/// stored encrypted, rotatable with an overlap; target URLs checked against the SSRF rules.
/// </summary>
public abstract class WebhookSubscriptionTests(PlugsApiFactory api)
{
    private const string Url = "/api/v1/webhook-subscriptions";
    private const string Target = "https://8.8.8.8/hooks/plugs";

    private static async Task<JsonObject> CreateAsync(Account admin, object? body = null)
    {
        var response = await admin.Client.PostAsJsonAsync(Url, body ?? new { url = Target, event_types = new[] { "contact.created", "event.published" }, description = "CRM sync" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task Create_answers_the_secret_once_and_never_again()
    {
        var admin = await api.RegisterAsync();
        var created = await CreateAsync(admin);
        var id = created["id"]!.GetValue<Guid>();
        var secret = created["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.Equal(["contact.created", "event.published"], created["event_types"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.True(created["is_active"]!.GetValue<bool>());
        Assert.Equal(admin.UserId, created["created_by"]!.GetValue<Guid>());
        Assert.Null(created["organization_id"]);

        var read = await admin.Client.GetAsync($"{Url}/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.NotNull(read.Headers.ETag);
        var text = await read.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.Null((await read.JsonAsync())["secret"]);
        var list = await (await admin.Client.GetAsync(Url)).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain("secret_encrypted", list, StringComparison.Ordinal);

        // At rest: encrypted, and it decrypts to what the client was shown.
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlugsDbContext>();
        db.Tenant.Enter(admin.OrganizationId);
        var stored = await db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Id == id);
        Assert.DoesNotContain(secret["whsec_".Length..], stored.SecretEncrypted, StringComparison.Ordinal);
        var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("Plugs.Webhooks.SigningSecret.v1");
        Assert.Equal(secret, protector.Unprotect(stored.SecretEncrypted));
    }

    [Fact]
    public async Task List_filters_by_is_active_sorts_and_pages()
    {
        var admin = await api.RegisterAsync();
        var first = await CreateAsync(admin);
        await CreateAsync(admin, new { url = "https://1.1.1.1/a", event_types = new[] { "contact.updated" }, is_active = false });
        await CreateAsync(admin, new { url = "https://1.0.0.1/b", event_types = new[] { "contact.deleted" } });
        var all = await admin.Client.GetAsync($"{Url}?sort=url&limit=2");
        Assert.Equal("3", all.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(["https://1.0.0.1/b", "https://1.1.1.1/a"], (await all.JsonArrayAsync()).Select(s => s!["url"]!.GetValue<string>()));
        var inactive = await (await admin.Client.GetAsync($"{Url}?is_active=false")).JsonArrayAsync();
        Assert.Equal("https://1.1.1.1/a", Assert.Single(inactive)!["url"]!.GetValue<string>());
        var newest = await (await admin.Client.GetAsync(Url)).JsonArrayAsync();
        Assert.Equal(first["id"]!.GetValue<Guid>(), newest[^1]!["id"]!.GetValue<Guid>());
        await (await admin.Client.GetAsync($"{Url}?sort=secret_encrypted")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Patch_changes_url_types_and_activity_and_honours_if_match()
    {
        var admin = await api.RegisterAsync();
        var id = (await CreateAsync(admin))["id"]!.GetValue<Guid>();
        var read = await admin.Client.GetAsync($"{Url}/{id}");
        var etag = read.Headers.ETag!;
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{Url}/{id}") { Content = JsonContent.Create(new { url = "https://1.1.1.1/new", event_types = new[] { "attendee.checked_in" }, is_active = false, description = (string?)null }) };
        patch.Headers.IfMatch.Add(etag);
        var patched = await admin.Client.SendAsync(patch);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await patched.JsonAsync();
        Assert.Equal("https://1.1.1.1/new", body["url"]!.GetValue<string>());
        Assert.Equal(["attendee.checked_in"], body["event_types"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.False(body["is_active"]!.GetValue<bool>());
        Assert.Null(body["description"]);

        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"{Url}/{id}") { Content = JsonContent.Create(new { is_active = true }) };
        stale.Headers.IfMatch.Add(etag);
        await (await admin.Client.SendAsync(stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Theory]
    [InlineData("""{"event_types":["contact.created"]}""", "url")]
    [InlineData("""{"url":"http://8.8.8.8/hook","event_types":["contact.created"]}""", "url")]
    [InlineData("""{"url":"ftp://8.8.8.8/hook","event_types":["contact.created"]}""", "url")]
    [InlineData("""{"url":"https://user:pw@8.8.8.8/hook","event_types":["contact.created"]}""", "url")]
    [InlineData("""{"url":"https://127.0.0.1/hook","event_types":["contact.created"]}""", "url")]
    [InlineData("""{"url":"https://[::ffff:169.254.169.254]/hook","event_types":["contact.created"]}""", "url")]
    [InlineData("""{"url":"https://localhost/hook","event_types":["contact.created"]}""", "url")]
    [InlineData("""{"url":"https://8.8.8.8/hook","event_types":[]}""", "event_types")]
    [InlineData("""{"url":"https://8.8.8.8/hook","event_types":["contact.exploded"]}""", "event_types")]
    [InlineData("""{"url":"https://8.8.8.8/hook","event_types":["contact.created","contact.created"]}""", "event_types")]
    [InlineData("""{"url":"https://8.8.8.8/hook","event_types":["contact.created"],"secret":"whsec_mine"}""", "secret")]
    [InlineData("""{"url":"https://8.8.8.8/hook","event_types":["contact.created"],"organization_id":"0197a0b4-0000-7000-8000-000000000000"}""", "organization_id")]
    public async Task Bad_input_is_a_422_naming_the_field_and_creates_nothing(string json, string field)
    {
        var admin = await api.RegisterAsync();
        var problem = await (await admin.Client.PostAsync(Url, Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("validation_failed", problem["code"]!.GetValue<string>());
        Assert.NotNull(problem["errors"]![field]);
        Assert.Empty(await (await admin.Client.GetAsync(Url)).JsonArrayAsync());
    }

    [Fact]
    public async Task Patch_refuses_a_private_target_and_null_for_required_fields()
    {
        var admin = await api.RegisterAsync();
        var id = (await CreateAsync(admin))["id"]!.GetValue<Guid>();
        foreach (var (json, field) in new[] { ("""{"url":"https://10.0.0.8/x"}""", "url"), ("""{"url":null}""", "url"), ("""{"event_types":null}""", "event_types"), ("""{"is_active":null}""", "is_active") })
        {
            var problem = await (await admin.Client.PatchAsync($"{Url}/{id}", Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.NotNull(problem["errors"]![field]);
        }
        Assert.Equal(Target, (await (await admin.Client.GetAsync($"{Url}/{id}")).JsonAsync())["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rotation_answers_a_new_secret_and_keeps_the_old_one_for_a_day()
    {
        var admin = await api.RegisterAsync();
        var created = await CreateAsync(admin);
        var id = created["id"]!.GetValue<Guid>();
        var rotated = await admin.Client.PostAsync($"{Url}/{id}/rotate-secret", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var body = await rotated.JsonAsync();
        var secret = body["secret"]!.GetValue<string>();
        Assert.NotEqual(created["secret"]!.GetValue<string>(), secret);
        var until = body["previous_secret_expires_at"]!.GetValue<DateTime>();
        Assert.InRange(until - DateTime.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(25));

        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlugsDbContext>();
        db.Tenant.Enter(admin.OrganizationId);
        var stored = await db.WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Id == id);
        var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("Plugs.Webhooks.SigningSecret.v1");
        Assert.Equal(secret, protector.Unprotect(stored.SecretEncrypted));
        Assert.Equal(created["secret"]!.GetValue<string>(), protector.Unprotect(stored.PreviousSecretEncrypted!));
    }

    [Fact]
    public async Task Delete_hides_restore_brings_back()
    {
        var admin = await api.RegisterAsync();
        var id = (await CreateAsync(admin))["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"{Url}/{id}")).StatusCode);
        await (await admin.Client.GetAsync($"{Url}/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await (await admin.Client.GetAsync(Url)).JsonArrayAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PostAsync($"{Url}/{id}/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync($"{Url}/{id}")).StatusCode);
        await (await admin.Client.PostAsync($"{Url}/{id}/restore", null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Members_are_refused_and_another_organizations_ids_are_not_found()
    {
        var admin = await api.RegisterAsync();
        var id = (await CreateAsync(admin))["id"]!.GetValue<Guid>();
        var member = await api.AddMemberAsync(admin);
        await (await member.Client.GetAsync(Url)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await member.Client.PostAsJsonAsync(Url, new { url = Target, event_types = new[] { "contact.created" } })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await member.Client.GetAsync("/api/v1/webhook-event-types")).ProblemAsync(HttpStatusCode.Forbidden);

        var other = await api.RegisterAsync();
        await (await other.Client.GetAsync($"{Url}/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await other.Client.PatchAsync($"{Url}/{id}", Accounts.Json("""{"is_active":false}"""))).ProblemAsync(HttpStatusCode.NotFound);
        await (await other.Client.PostAsync($"{Url}/{id}/rotate-secret", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await other.Client.DeleteAsync($"{Url}/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await (await other.Client.GetAsync(Url)).JsonArrayAsync());
        Assert.True((await (await admin.Client.GetAsync($"{Url}/{id}")).JsonAsync())["is_active"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_event_type_list_is_served_and_matches_what_is_accepted()
    {
        var admin = await api.RegisterAsync();
        var types = (await (await admin.Client.GetAsync("/api/v1/webhook-event-types")).JsonArrayAsync()).Select(t => t!.GetValue<string>()).ToArray();
        Assert.Contains("introduction.status_changed", types);
        var created = await CreateAsync(admin, new { url = Target, event_types = types });
        Assert.Equal(types, created["event_types"]!.AsArray().Select(e => e!.GetValue<string>()));
    }

    [Fact]
    public async Task Parallel_rotations_and_patches_with_one_etag_have_exactly_one_winner()
    {
        var admin = await api.RegisterAsync();
        var id = (await CreateAsync(admin))["id"]!.GetValue<Guid>();
        // Every write changes something (a PATCH that changes nothing writes nothing, and may pass).
        for (var round = 0; round < 3; round++)
        {
            var etag = (await admin.Client.GetAsync($"{Url}/{id}")).Headers.ETag!;
            var attempts = Enumerable.Range(0, 16).Select(async i =>
            {
                using var request = i % 2 == 0
                    ? new HttpRequestMessage(HttpMethod.Post, $"{Url}/{id}/rotate-secret")
                    : new HttpRequestMessage(HttpMethod.Patch, $"{Url}/{id}") { Content = JsonContent.Create(new { description = $"writer {round}-{i}" }) };
                request.Headers.IfMatch.Add(etag);
                return (i, (await admin.Client.SendAsync(request)).StatusCode);
            });
            var results = await Task.WhenAll(attempts);
            var statuses = results.Select(r => r.StatusCode).ToList();
            Assert.True(statuses.Count(s => s == HttpStatusCode.OK) == 1, $"round {round}: " + string.Join(", ", results.Select(r => $"{r.i}:{(int)r.StatusCode}")));
            Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.PreconditionFailed));
        }
    }
}

public sealed class WebhookSubscriptionTestsOnSqlite(SqliteApiFactory api) : WebhookSubscriptionTests(api), IClassFixture<SqliteApiFactory>;

public sealed class WebhookSubscriptionTestsOnPostgres(PostgresApiFactory api) : WebhookSubscriptionTests(api), IClassFixture<PostgresApiFactory>;
