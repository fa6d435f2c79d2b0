using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Contacts;

/// <summary>Lead scoring, duplicate detection and merging.</summary>
public abstract class ContactCurationTests(PlugsApiFactory api)
{
    private static async Task<Guid> CreateAsync(Account account, object body) =>
        (await ContactTests.CreateAsync(account, body))["id"]!.GetValue<Guid>();

    [Fact]
    public async Task Score_derives_from_status_priority_recency_and_frequency()
    {
        var account = await api.RegisterAsync();
        var hot = await CreateAsync(account, new { first_name = "Hot", last_name = "Lead", status = "hot_lead", priority = "high", lead_score = 1 });
        var cold = await CreateAsync(account, new { first_name = "Cold", last_name = "Lead", status = "cold_lead", priority = "low", lead_score = 99 });
        for (var i = 0; i < 6; i++)
        {
            var date = DateTime.UtcNow.AddDays(-1 - i).ToString("O");
            Assert.Equal(HttpStatusCode.Created, (await account.Client.PostAsJsonAsync($"/api/v1/contacts/{hot}/interactions", new { interaction_type = "call", interaction_date = date })).StatusCode);
        }
        // hot: 30 (hot_lead) + 20 (high) + 30 (this week) + 20 (6 recent, capped) = 100
        // Scoring one contact makes its (hand-set) score derived.
        var scored = await (await account.Client.PostAsync($"/api/v1/contacts/{hot}/score", null)).JsonAsync();
        Assert.Equal(100, scored["lead_score"]!.GetValue<int>());
        Assert.Equal("derived", scored["lead_score_source"]!.GetValue<string>());
        Assert.Equal(6, scored["interactions"]!.AsArray().Count); // the single-contact shape

        // The batch re-scores derived contacts only: cold's hand-set 99 stays.
        var batch = await (await account.Client.PostAsync("/api/v1/contacts/score", null)).JsonAsync();
        Assert.Equal(1, batch["updated"]!.GetValue<int>());
        var kept = await (await account.Client.GetAsync($"/api/v1/contacts/{cold}")).JsonAsync();
        Assert.Equal(99, kept["lead_score"]!.GetValue<int>());
        Assert.Equal("manual", kept["lead_score_source"]!.GetValue<string>());
        // cold: 5 (cold_lead) + 0 (low) + 0 + 0, once asked for
        var derived = await (await account.Client.PatchAsJsonAsync($"/api/v1/contacts/{cold}", new { lead_score_source = "derived" })).JsonAsync();
        Assert.Equal(5, derived["lead_score"]!.GetValue<int>());

        await (await account.Client.PostAsync($"/api/v1/contacts/{Guid.NewGuid()}/score", null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Batch_scoring_touches_only_this_organization()
    {
        var mine = await api.RegisterAsync();
        var theirs = await api.RegisterAsync();
        var foreign = await CreateAsync(theirs, new { first_name = "Keep", last_name = "Score", lead_score = 77 });
        await CreateAsync(mine, new { first_name = "Mine", last_name = "One" });
        Assert.Equal(1, (await (await mine.Client.PostAsync("/api/v1/contacts/score", null)).JsonAsync())["updated"]!.GetValue<int>());
        Assert.Equal(77, (await (await theirs.Client.GetAsync($"/api/v1/contacts/{foreign}")).JsonAsync())["lead_score"]!.GetValue<int>());
        await (await mine.Client.PostAsync($"/api/v1/contacts/{foreign}/score", null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Duplicates_group_by_email_and_by_name_with_company()
    {
        var account = await api.RegisterAsync();
        await CreateAsync(account, new { first_name = "Dee", last_name = "Dupe", email = "dee@example.com" });
        await CreateAsync(account, new { first_name = "D.", last_name = "Dupe", email = "DEE@example.com" });
        await CreateAsync(account, new { first_name = "Sam", last_name = "Same", company = "Acme" });
        await CreateAsync(account, new { first_name = "sam", last_name = "SAME", company = "ACME" });
        await CreateAsync(account, new { first_name = "Sam", last_name = "Same", company = "Other" });

        var groups = await (await account.Client.GetAsync("/api/v1/contacts/duplicates")).JsonArrayAsync();
        Assert.Equal(2, groups.Count);
        var email = groups.Single(g => g!["reason"]!.GetValue<string>() == "email")!;
        Assert.Equal("dee@example.com", email["key"]!.GetValue<string>());
        Assert.Equal(2, email["contacts"]!.AsArray().Count);
        var name = groups.Single(g => g!["reason"]!.GetValue<string>() == "name_and_company")!;
        Assert.Equal(2, name["contacts"]!.AsArray().Count);
    }

    [Fact]
    public async Task Merge_moves_interactions_tags_relationships_and_introductions_to_the_survivor()
    {
        var account = await api.RegisterAsync();
        var survivor = await CreateAsync(account, new { first_name = "Sue", last_name = "Vivor", tags = new[] { "a" } });
        var duplicate = await CreateAsync(account, new { first_name = "Sue", last_name = "Dup", phone = "+1 555 0101", tags = new[] { "a", "b" } });
        var friend = await CreateAsync(account, new { first_name = "Fred", last_name = "Friend", contact_type = "plug" });
        await account.Client.PostAsJsonAsync($"/api/v1/contacts/{duplicate}/interactions", new { interaction_type = "meeting", interaction_date = "2026-06-01T00:00:00Z" });
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Plugs.Data.PlugsDbContext>();
            db.Tenant.Enter(account.OrganizationId, account.UserId);
            db.ContactRelationships.Add(new Plugs.Data.Network.ContactRelationship { FromContactId = friend, ToContactId = duplicate, Strength = 5 });
            db.ContactRelationships.Add(new Plugs.Data.Network.ContactRelationship { FromContactId = duplicate, ToContactId = survivor, Strength = 2 });
            db.Introductions.Add(new Plugs.Data.Network.Introduction { RequestedBy = account.UserId, PlugContactId = friend, TargetContactId = duplicate, RequestedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var response = await account.Client.PostAsJsonAsync($"/api/v1/contacts/{survivor}/merge", new { merge_ids = new[] { duplicate } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var merged = await response.JsonAsync();
        Assert.Equal("+1 555 0101", merged["phone"]!.GetValue<string>());
        Assert.Equal(["a", "b"], merged["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.NotNull(merged["last_interaction"]);
        await (await account.Client.GetAsync($"/api/v1/contacts/{duplicate}")).ProblemAsync(HttpStatusCode.NotFound);
        var detail = await (await account.Client.GetAsync($"/api/v1/contacts/{survivor}")).JsonAsync();
        Assert.Single(detail["interactions"]!.AsArray());
        var relationship = Assert.Single(detail["relationships"]!.AsArray())!;
        Assert.Equal(friend, relationship["other_contact"]!["id"]!.GetValue<Guid>());
        Assert.Equal("mutual", relationship["direction"]!.GetValue<string>()); // knows holds both ways

        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Plugs.Data.PlugsDbContext>();
            db.Tenant.Enter(account.OrganizationId);
            var edges = await db.ContactRelationships.Select(r => new { r.FromContactId, r.ToContactId }).ToListAsync();
            Assert.Equal([(friend, survivor)], edges.Select(e => (e.FromContactId, e.ToContactId)));
            var intro = await db.Introductions.SingleAsync();
            Assert.Equal(survivor, intro.TargetContactId);
        }
    }

    [Fact]
    public async Task Merge_refuses_bad_requests_and_foreign_ids_and_changes_nothing()
    {
        var mine = await api.RegisterAsync();
        var theirs = await api.RegisterAsync();
        var survivor = await CreateAsync(mine, new { first_name = "Sue", last_name = "Vivor" });
        var foreign = await CreateAsync(theirs, new { first_name = "Not", last_name = "Yours" });

        await (await mine.Client.PostAsJsonAsync($"/api/v1/contacts/{survivor}/merge", new { merge_ids = new[] { foreign } })).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PostAsJsonAsync($"/api/v1/contacts/{foreign}/merge", new { merge_ids = new[] { survivor } })).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PostAsJsonAsync($"/api/v1/contacts/{survivor}/merge", new { merge_ids = new[] { survivor } })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await mine.Client.PostAsJsonAsync($"/api/v1/contacts/{survivor}/merge", new { merge_ids = Array.Empty<Guid>() })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await mine.Client.PostAsync($"/api/v1/contacts/{survivor}/merge", Accounts.Json("""{"merge_ids":"all"}"""))).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(HttpStatusCode.OK, (await theirs.Client.GetAsync($"/api/v1/contacts/{foreign}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await mine.Client.GetAsync($"/api/v1/contacts/{survivor}")).StatusCode);
    }
}

public sealed class ContactCurationTestsOnSqlite(SqliteApiFactory api) : ContactCurationTests(api), IClassFixture<SqliteApiFactory>;

public sealed class ContactCurationTestsOnPostgres(PostgresApiFactory api) : ContactCurationTests(api), IClassFixture<PostgresApiFactory>;
