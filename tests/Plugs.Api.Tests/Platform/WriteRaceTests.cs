using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Contacts;
using Plugs.Api.Tests.Events;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Api.Tests.Network;
using static Plugs.Api.Tests.Users.UserApi;

namespace Plugs.Api.Tests.Platform;

/// <summary>
/// If-Match holds under concurrency for every entity: of 16 writers sending the same ETag at once,
/// exactly one wins and the others get 412, round after round, and the resource then shows the
/// winner's value and ETag. Writers without If-Match lose nothing either: each one's change lands.
/// </summary>
public abstract class WriteRaceTests(PlugsApiFactory api)
{
    private const int Writers = 16;
    private const int Rounds = 3;

    public static TheoryData<string> Resources => new() { "contact", "relationship", "introduction", "tag", "interaction", "user", "organization", "event" };

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task Of_concurrent_patches_with_the_same_if_match_exactly_one_wins(string resource)
    {
        var account = await api.RegisterAsync(organization: "Races " + resource);
        var (url, field, body) = await ResourceAsync(account, resource);
        for (var round = 0; round < Rounds; round++)
        {
            var etag = ETagOf(await account.Client.GetAsync(url));
            var responses = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async k =>
            {
                var value = body(round * Writers + k);
                var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(new Dictionary<string, object> { [field] = value }) };
                request.Headers.TryAddWithoutValidation("If-Match", etag);
                return (Value: value, Response: await account.Client.SendAsync(request));
            }));
            var winners = responses.Where(r => r.Response.StatusCode == HttpStatusCode.OK).ToList();
            var statuses = string.Join(", ", responses.Select(r => (int)r.Response.StatusCode));
            Assert.True(winners.Count == 1, $"round {round}: {statuses}");
            foreach (var (_, loser) in responses.Where(r => r.Response.StatusCode != HttpStatusCode.OK))
            {
                var problem = await loser.ProblemAsync(HttpStatusCode.PreconditionFailed);
                Assert.Equal("precondition_failed", problem["code"]!.GetValue<string>());
            }
            var current = await account.Client.GetAsync(url);
            Assert.Equal(ETagOf(winners[0].Response), ETagOf(current));
            Assert.NotEqual(etag, ETagOf(current));
            Assert.Equal(winners[0].Value.ToString(), (await current.JsonAsync())[field]!.ToString());
        }
    }

    [Fact]
    public async Task Concurrent_patches_without_if_match_each_land_nothing_lost()
    {
        var account = await api.RegisterAsync(organization: "Races last writer");
        var contact = await ContactTests.CreateAsync(account, new { first_name = "Ada", last_name = "Lovelace" });
        var url = $"/api/v1/contacts/{contact["id"]}";
        var changes = new Dictionary<string, object>
        {
            ["first_name"] = "Augusta", ["last_name"] = "King", ["email"] = "ada@example.com", ["phone"] = "+44 20 7946 0000",
            ["company"] = "Analytical", ["job_title"] = "Countess", ["linkedin_url"] = "https://www.linkedin.com/in/ada",
            ["bio"] = "Notes on the engine", ["avatar_url"] = "https://example.com/ada.png", ["business_type"] = "B2B",
            ["network_type"] = "alumni", ["industry"] = "Computing", ["notes"] = "First programmer", ["lead_score"] = 77,
            ["priority"] = "high", ["status"] = "hot_lead",
        };
        Assert.Equal(Writers, changes.Count);
        for (var round = 0; round < Rounds; round++)
        {
            var responses = await Task.WhenAll(changes.Select(c =>
                account.Client.PatchAsync(url, JsonContent.Create(new Dictionary<string, object> { [c.Key] = c.Value }))));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var after = await (await account.Client.GetAsync(url)).JsonAsync();
            foreach (var (name, value) in changes)
            {
                Assert.Equal(value.ToString(), after[name]!.ToString());
            }
        }
    }

    [Fact]
    public async Task Of_concurrent_deletes_exactly_one_deletes()
    {
        var account = await api.RegisterAsync(organization: "Races delete");
        for (var round = 0; round < Rounds; round++)
        {
            var url = $"/api/v1/contacts/{(await ContactTests.CreateAsync(account, new { first_name = "Gone", last_name = $"R{round}" }))["id"]}";
            var etag = ETagOf(await account.Client.GetAsync(url));
            var responses = await Task.WhenAll(Enumerable.Range(0, Writers).Select(k =>
            {
                var request = new HttpRequestMessage(HttpMethod.Delete, url);
                if (k % 2 == 0)
                {
                    request.Headers.TryAddWithoutValidation("If-Match", etag);
                }
                return account.Client.SendAsync(request);
            }));
            var statuses = string.Join(", ", responses.Select(r => (int)r.StatusCode));
            Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.NoContent) == 1, statuses);
            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed, statuses));
            Assert.Equal(HttpStatusCode.NotFound, (await account.Client.GetAsync(url)).StatusCode);
        }
    }

    /// <summary>A fresh resource of the kind: its URL, a field to PATCH, and the value writer k sends.</summary>
    private static async Task<(string Url, string Field, Func<int, object> Value)> ResourceAsync(Account account, string resource)
    {
        switch (resource)
        {
            case "contact":
                return ($"/api/v1/contacts/{await NetworkApi.ContactAsync(account, "Race")}", "job_title", k => $"Title {k}");
            case "relationship":
                var from = await NetworkApi.ContactAsync(account, "From");
                var to = await NetworkApi.ContactAsync(account, "To");
                return ($"/api/v1/relationships/{await NetworkApi.RelationshipAsync(account, from, to)}", "notes", k => $"Note {k}");
            case "introduction":
                var plug = await NetworkApi.ContactAsync(account, "Plug", "plug");
                var target = await NetworkApi.ContactAsync(account, "Target");
                return ($"/api/v1/introductions/{(await NetworkApi.IntroductionAsync(account, plug, target))["id"]}", "message", k => $"Message {k}");
            case "tag":
                var tag = await account.Client.PostAsJsonAsync("/api/v1/tags", new { name = "racing" });
                Assert.Equal(HttpStatusCode.Created, tag.StatusCode);
                return ($"/api/v1/tags/{(await tag.JsonAsync())["id"]}", "color", k => $"#{k:x6}");
            case "interaction":
                var contact = await NetworkApi.ContactAsync(account, "Timeline");
                var interaction = await account.Client.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions",
                    new { interaction_type = "call", interaction_date = "2026-09-01T10:00:00Z" });
                Assert.Equal(HttpStatusCode.Created, interaction.StatusCode);
                return ($"/api/v1/interactions/{(await interaction.JsonAsync())["id"]}", "subject", k => $"Subject {k}");
            case "user":
                return (UserUrl(account.UserId), "job_title", k => $"Job {k}");
            case "organization":
                return ("/api/v1/organization", "name", k => $"Organization {k}");
            case "event":
                return (EventApi.EventUrl(await account.CreateEventIdAsync()), "title", k => $"Event {k}");
            default:
                throw new ArgumentOutOfRangeException(nameof(resource), resource, null);
        }
    }
}

public sealed class WriteRaceTestsOnSqlite(SqliteApiFactory api) : WriteRaceTests(api), IClassFixture<SqliteApiFactory>;

public sealed class WriteRaceTestsOnPostgres(PostgresApiFactory api) : WriteRaceTests(api), IClassFixture<PostgresApiFactory>;
