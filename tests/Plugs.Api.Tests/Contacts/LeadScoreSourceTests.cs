using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Contacts;

/// <summary>
/// The lead score is derived on every create and update unless a person set it
/// (<c>lead_score_source</c>: <c>derived</c> or <c>manual</c>).
/// </summary>
public abstract class LeadScoreSourceTests(PlugsApiFactory api)
{
    private static async Task<JsonObject> PatchAsync(Account account, Guid id, object body)
    {
        var response = await account.Client.PatchAsJsonAsync($"/api/v1/contacts/{id}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static (int Score, string Source) Score(JsonNode contact) =>
        (contact["lead_score"]!.GetValue<int>(), contact["lead_score_source"]!.GetValue<string>());

    /// <summary>The rule for a contact with no interactions: status points + priority points.</summary>
    private static int Derived(string status, string priority) =>
        (status switch { "hot_lead" => 30, "new_client" => 20, "existing_client" => 15, _ => 5 })
        + (priority switch { "high" => 20, "medium" => 10, _ => 0 });

    [Fact]
    public async Task A_derived_score_follows_every_update_until_a_person_sets_one()
    {
        var account = await api.RegisterAsync();
        var contact = await ContactTests.CreateAsync(account, new { first_name = "Dee", last_name = "Rived", status = "cold_lead", priority = "low" });
        var id = contact["id"]!.GetValue<Guid>();
        Assert.Equal((5, "derived"), Score(contact));

        Assert.Equal((50, "derived"), Score(await PatchAsync(account, id, new { status = "hot_lead", priority = "high" })));
        // Interactions count at the next update: 3 completed today = recency 30 + frequency 12.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await account.Client.PostAsJsonAsync($"/api/v1/contacts/{id}/interactions", new { interaction_type = "call" })).StatusCode);
        }
        Assert.Equal((92, "derived"), Score(await PatchAsync(account, id, new { notes = "called thrice" })));

        // A person's score is kept through later updates…
        Assert.Equal((70, "manual"), Score(await PatchAsync(account, id, new { lead_score = 70 })));
        Assert.Equal((70, "manual"), Score(await PatchAsync(account, id, new { status = "cold_lead" })));
        Assert.Equal((70, "manual"), Score(await PatchAsync(account, id, new { lead_score_source = "manual" })));
        // …until the derived one is asked for again.
        Assert.Equal((5 + 20 + 30 + 12, "derived"), Score(await PatchAsync(account, id, new { lead_score_source = "derived" })));
        // A derived score frozen as it stands.
        Assert.Equal((67, "manual"), Score(await PatchAsync(account, id, new { lead_score_source = "manual" })));
        Assert.Equal((67, "manual"), Score(await PatchAsync(account, id, new { priority = "low" })));

        var manual = await ContactTests.CreateAsync(account, new { first_name = "Man", last_name = "Ual", lead_score = 33, status = "hot_lead" });
        Assert.Equal((33, "manual"), Score(manual));
        var explicitManual = await ContactTests.CreateAsync(account, new { first_name = "Man", last_name = "Two", lead_score = 12, lead_score_source = "manual" });
        Assert.Equal((12, "manual"), Score(explicitManual));
        var explicitDerived = await ContactTests.CreateAsync(account, new { first_name = "Der", last_name = "Two", lead_score_source = "derived", status = "new_client" });
        Assert.Equal((30, "derived"), Score(explicitDerived));
    }

    [Fact]
    public async Task A_new_contact_is_scored_as_the_rule_scores_it_later_for_every_status_and_priority()
    {
        // New contacts are scored as they are stored; later updates score them in the database: the two agree.
        var account = await api.RegisterAsync();
        foreach (var status in new[] { "hot_lead", "new_client", "existing_client", "cold_lead" })
        {
            foreach (var priority in new[] { "high", "medium", "low" })
            {
                var created = await ContactTests.CreateAsync(account, new { first_name = "Every", last_name = "Combo", status, priority });
                Assert.Equal((Derived(status, priority), "derived"), Score(created));
                var rescored = await (await account.Client.PostAsync($"/api/v1/contacts/{created["id"]}/score", null)).JsonAsync();
                Assert.Equal(Score(created), Score(rescored));
                Assert.Equal(Score(created), Score(await PatchAsync(account, created["id"]!.GetValue<Guid>(), new { notes = "again" })));
            }
        }
    }

    [Theory]
    [InlineData("""{"first_name":"A","last_name":"B","lead_score":10,"lead_score_source":"derived"}""", "lead_score_source")]
    [InlineData("""{"first_name":"A","last_name":"B","lead_score_source":"manual"}""", "lead_score")]
    [InlineData("""{"first_name":"A","last_name":"B","lead_score_source":"auto"}""", "lead_score_source")]
    [InlineData("""{"first_name":"A","last_name":"B","lead_score_source":1}""", "lead_score_source")]
    public async Task Contradictory_or_unknown_sources_are_422_on_create(string json, string field)
    {
        var account = await api.RegisterAsync();
        var problem = await (await account.Client.PostAsync("/api/v1/contacts", Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem["errors"]?[field] is not null, problem.ToJsonString());
        Assert.Empty(await (await account.Client.GetAsync("/api/v1/contacts")).JsonArrayAsync());
    }

    [Theory]
    [InlineData("""{"lead_score":10,"lead_score_source":"derived"}""", "lead_score_source")]
    [InlineData("""{"lead_score_source":null}""", "lead_score_source")]
    [InlineData("""{"lead_score_source":"auto"}""", "lead_score_source")]
    [InlineData("""{"lead_score":null}""", "lead_score")]
    public async Task Contradictory_or_unknown_sources_are_422_on_update_and_change_nothing(string json, string field)
    {
        var account = await api.RegisterAsync();
        var created = await ContactTests.CreateAsync(account, new { first_name = "Stay", last_name = "Put" });
        var url = $"/api/v1/contacts/{created["id"]}";
        var before = await (await account.Client.GetAsync(url)).Content.ReadAsStringAsync();
        var problem = await (await account.Client.PatchAsync(url, Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem["errors"]?[field] is not null, problem.ToJsonString());
        Assert.Equal(before, await (await account.Client.GetAsync(url)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_organizations_contact_is_404_and_keeps_its_score()
    {
        var mine = await api.RegisterAsync();
        var theirs = await api.RegisterAsync();
        var id = (await ContactTests.CreateAsync(theirs, new { first_name = "Their", last_name = "Own", lead_score = 88 }))["id"]!.GetValue<Guid>();
        await (await mine.Client.PatchAsJsonAsync($"/api/v1/contacts/{id}", new { lead_score_source = "derived" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PostAsync($"/api/v1/contacts/{id}/score", null)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal((88, "manual"), Score(await (await theirs.Client.GetAsync($"/api/v1/contacts/{id}")).JsonAsync()));
    }

    [Fact]
    public async Task Imported_contacts_are_scored_and_merges_score_the_survivor()
    {
        var account = await api.RegisterAsync();
        var kept = await ContactTests.CreateAsync(account, new { first_name = "Kept", last_name = "Score", email = "kept@example.com", lead_score = 77 });
        var csv = "First Name,Last Name,Email Address,Company\nNew,Person,new@example.com,Acme\nKept,Score,kept@example.com,Updated Co\n";
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes("Notes:\n\n" + csv)), "file", "Connections.csv" },
        };
        var report = await (await account.Client.PostAsync("/api/v1/contacts/import", form)).JsonAsync();
        Assert.Equal(1, report["created"]!.GetValue<int>());
        Assert.Equal(1, report["updated"]!.GetValue<int>());
        var all = await (await account.Client.GetAsync("/api/v1/contacts?limit=10")).JsonArrayAsync();
        Assert.Equal((15, "derived"), Score(all.Single(c => c!["email"]?.GetValue<string>() == "new@example.com")!));
        var updated = all.Single(c => c!["email"]?.GetValue<string>() == "kept@example.com")!;
        Assert.Equal("Updated Co", updated["company"]!.GetValue<string>());
        Assert.Equal((77, "manual"), Score(updated));

        var survivor = (await ContactTests.CreateAsync(account, new { first_name = "Sur", last_name = "Vivor", status = "new_client" }))["id"]!.GetValue<Guid>();
        var duplicate = (await ContactTests.CreateAsync(account, new { first_name = "Du", last_name = "Plicate", lead_score = 99 }))["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.Created, (await account.Client.PostAsJsonAsync($"/api/v1/contacts/{duplicate}/interactions", new { interaction_type = "call" })).StatusCode);
        var merged = await (await account.Client.PostAsJsonAsync($"/api/v1/contacts/{survivor}/merge", new { merge_ids = new[] { duplicate } })).JsonAsync();
        // new_client 20 + medium 10 + the moved call: this week 30 + one recent 4.
        Assert.Equal((64, "derived"), Score(merged));
        Assert.Equal(kept["id"]!.GetValue<Guid>(), updated["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Simultaneous_updates_leave_a_score_that_matches_its_source()
    {
        const int parallel = 16;
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        string[] statuses = ["hot_lead", "new_client", "existing_client", "cold_lead"];
        string[] priorities = ["high", "medium", "low"];
        for (var round = 0; round < 4; round++)
        {
            var id = (await ContactTests.CreateAsync(account, new { first_name = "Race", last_name = $"R{round}" }))["id"]!.GetValue<Guid>();
            var bodies = Enumerable.Range(0, parallel).Select(i => (i % 4) switch
            {
                0 => (object)new { lead_score = 60 + i },
                1 => new { lead_score_source = "derived" },
                _ => new { status = statuses[i % statuses.Length], priority = priorities[i % priorities.Length] },
            }).ToList();
            var responses = await Task.WhenAll(bodies.Select((b, i) => clients[i % clients.Count].PatchAsJsonAsync($"/api/v1/contacts/{id}", b)));
            foreach (var response in responses)
            {
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, text);
                AssertConsistent(JsonNode.Parse(text)!);
            }
            AssertConsistent(await (await account.Client.GetAsync($"/api/v1/contacts/{id}")).JsonAsync());
        }
        foreach (var client in clients)
        {
            client.Dispose();
        }

        static void AssertConsistent(JsonNode contact)
        {
            var (score, source) = Score(contact);
            if (source == "derived")
            {
                Assert.Equal(Derived(contact["status"]!.GetValue<string>(), contact["priority"]!.GetValue<string>()), score);
            }
            else
            {
                Assert.InRange(score, 60, 60 + parallel);
            }
        }
    }
}

public sealed class LeadScoreSourceTestsOnSqlite(SqliteApiFactory api) : LeadScoreSourceTests(api), IClassFixture<SqliteApiFactory>;

public sealed class LeadScoreSourceTestsOnPostgres(PostgresApiFactory api) : LeadScoreSourceTests(api), IClassFixture<PostgresApiFactory>;
