using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Contacts;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Audit.AuditApi;

namespace Plugs.Api.Tests.Audit;

/// <summary><c>GET /audit-logs</c> (admins) and <c>GET /{resource}/{id}/history</c> (whoever may read the resource).</summary>
public abstract class AuditLogListTests(PlugsApiFactory api)
{
    private static Guid Id(JsonNode? body) => body!["id"]!.GetValue<Guid>();

    [Fact]
    public async Task Filters_sort_and_paging()
    {
        var admin = await api.RegisterAsync();
        var first = Id(await ContactTests.CreateAsync(admin, new { first_name = "One", last_name = "A" }));
        var second = Id(await ContactTests.CreateAsync(admin, new { first_name = "Two", last_name = "B" }));
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchAsJsonAsync($"/api/v1/contacts/{first}", new { company = "X" })).StatusCode);

        var contacts = await ListAsync(admin, "?entity_type=contacts");
        Assert.Equal(3, contacts.Count);
        // Newest first by default.
        Assert.Equal(["updated", "created", "created"], contacts.Select(Action));
        Assert.Equal(["created", "created", "updated"], (await ListAsync(admin, "?entity_type=contacts&sort=created_at")).Select(Action));
        Assert.Equal([first, first], (await ListAsync(admin, $"?entity_id={first}")).Select(r => r!["entity_id"]!.GetValue<Guid>()));
        Assert.Single(await ListAsync(admin, "?entity_type=contacts&action=updated"));
        Assert.All(await ListAsync(admin, $"?user_id={admin.UserId}"), r => Assert.Equal(admin.UserId, r!["user_id"]!.GetValue<Guid>()));
        Assert.Empty(await ListAsync(admin, $"?user_id={Guid.NewGuid()}"));

        var page = await admin.Client.GetAsync("/api/v1/audit-logs?entity_type=contacts&limit=2&skip=1&sort=created_at");
        Assert.Equal("3", page.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal([second, first], (await page.JsonArrayAsync()).Select(r => r!["entity_id"]!.GetValue<Guid>()));

        var soon = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        Assert.Equal(3, (await ListAsync(admin, $"?entity_type=contacts&created_after=2000-01-01T00:00:00Z&created_before={soon}")).Count);
        Assert.Empty(await ListAsync(admin, $"?entity_type=contacts&created_after={soon}"));
        Assert.Empty(await ListAsync(admin, "?entity_type=contacts&created_before=2000-01-01T00:00:00Z"));
        // Times are shown to the millisecond: a bound just past the newest row keeps it.
        var newest = Uri.EscapeDataString(contacts[0]!["created_at"]!.GetValue<DateTimeOffset>().AddMilliseconds(1).ToString("O"));
        Assert.Equal(3, (await ListAsync(admin, $"?entity_type=contacts&created_before={newest}")).Count);
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "?action=exploded", "action" },
        { "?created_after=2030-01-02T00:00:00Z&created_before=2030-01-01T00:00:00Z", "created_before" },
        { "?created_after=2030-01-01T00:00:00Z&created_before=2030-01-01T00:00:00Z", "created_before" },
        { "?sort=ip_address", "sort" },
        { "?limit=0", "limit" },
        { "?skip=-1", "skip" },
        { "?from=2030-01-01T00:00:00Z", "from" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Bad_queries_are_422_naming_the_parameter(string query, string field)
    {
        var admin = await api.RegisterAsync();
        var problem = await (await admin.Client.GetAsync($"/api/v1/audit-logs{query}")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Theory]
    [InlineData("?entity_id=not-a-uuid")]
    [InlineData("?user_id=42")]
    [InlineData("?created_after=yesterday")]
    public async Task Values_that_are_not_uuids_or_timestamps_are_a_problem_not_a_crash(string query)
    {
        var admin = await api.RegisterAsync();
        var response = await admin.Client.GetAsync($"/api/v1/audit-logs{query}");
        Assert.True((int)response.StatusCode is 400 or 422, $"{response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Only_admins_read_the_log_and_members_read_the_history_of_what_they_may_read()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var problem = await (await member.Client.GetAsync("/api/v1/audit-logs")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.NotNull(problem["code"]);
        using var anonymous = api.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/audit-logs")).StatusCode);

        var contact = Id(await ContactTests.CreateAsync(admin, new { first_name = "Shared", last_name = "Contact" }));
        var history = await (await member.Client.GetAsync($"/api/v1/contacts/{contact}/history")).JsonArrayAsync();
        var row = Assert.Single(history);
        Assert.Equal("created", Action(row));
        Assert.Equal(admin.UserId, row!["user_id"]!.GetValue<Guid>());
        // Where a change came from is for admins.
        Assert.Null(row["ip_address"]);
        Assert.NotNull((await (await admin.Client.GetAsync($"/api/v1/contacts/{contact}/history")).JsonArrayAsync())[0]!["ip_address"]);

        Assert.Single(await (await member.Client.GetAsync($"/api/v1/users/{member.UserId}/history")).JsonArrayAsync());
        // A deleted contact reads like a missing one, history included.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/v1/contacts/{contact}")).StatusCode);
        await (await member.Client.GetAsync($"/api/v1/contacts/{contact}/history")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_resource_has_a_history_and_another_tenants_id_is_404()
    {
        var admin = await api.RegisterAsync();
        var other = await api.RegisterAsync();
        var contact = Id(await ContactTests.CreateAsync(admin, new { first_name = "H", last_name = "One" }));
        var plug = Id(await ContactTests.CreateAsync(admin, new { first_name = "H", last_name = "Two", contact_type = "plug" }));
        var tag = Id(await (await admin.Client.PostAsJsonAsync("/api/v1/tags/", new { name = "history" })).JsonAsync());
        var added = await admin.Client.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { interaction_type = "call", interaction_date = "2026-09-01T10:00:00Z" });
        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        var interaction = Id(await added.JsonAsync());
        var relationship = await Network.NetworkApi.RelationshipAsync(admin, contact, plug);
        var introduction = Id(await Network.NetworkApi.IntroductionAsync(admin, plug, contact));
        var ev = await Events.EventApi.PublishedEventAsync(admin);
        var registered = await admin.Client.PostAsJsonAsync($"/api/v1/events/{ev}/attendees", new { contact_id = contact });
        Assert.True(registered.StatusCode == HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var attendee = Id(await registered.JsonAsync());
        var urls = new[]
        {
            $"/api/v1/contacts/{contact}/history", $"/api/v1/tags/{tag}/history", $"/api/v1/interactions/{interaction}/history",
            $"/api/v1/relationships/{relationship}/history", $"/api/v1/events/{ev}/history", $"/api/v1/users/{admin.UserId}/history",
            $"/api/v1/introductions/{introduction}/history", $"/api/v1/events/{ev}/attendees/{attendee}/history",
        };
        foreach (var url in urls)
        {
            var response = await admin.Client.GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode} {text}");
            var history = JsonNode.Parse(text)!.AsArray();
            Assert.True(history.Count > 0 && Action(history[^1]) == "created", $"{url}: {text}");
            await (await other.Client.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        }
        await (await admin.Client.GetAsync($"/api/v1/introductions/{Guid.NewGuid()}/history")).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.GetAsync($"/api/v1/events/{ev}/attendees/{Guid.NewGuid()}/history")).ProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class AuditLogListTestsOnSqlite(SqliteApiFactory api) : AuditLogListTests(api), IClassFixture<SqliteApiFactory>;

public sealed class AuditLogListTestsOnPostgres(PostgresApiFactory api) : AuditLogListTests(api), IClassFixture<PostgresApiFactory>;
