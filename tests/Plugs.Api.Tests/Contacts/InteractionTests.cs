using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Contacts;

/// <summary>The timeline, and <c>last_interaction</c> staying equal to the latest completed interaction.</summary>
public abstract class InteractionTests(PlugsApiFactory api)
{
    private static async Task<Guid> ContactAsync(Account account) =>
        (await ContactTests.CreateAsync(account, new { first_name = "Tim", last_name = "Line" }))["id"]!.GetValue<Guid>();

    private static async Task<JsonObject> AddAsync(Account account, Guid contactId, object body)
    {
        var response = await account.Client.PostAsJsonAsync($"/api/v1/contacts/{contactId}/interactions", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    private static async Task<DateTime?> LastInteractionAsync(Account account, Guid contactId)
    {
        var contact = await (await account.Client.GetAsync($"/api/v1/contacts/{contactId}")).JsonAsync();
        return contact["last_interaction"]?.GetValue<DateTime>().ToUniversalTime();
    }

    private static DateTime Utc(string iso) => DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();

    [Fact]
    public async Task Last_interaction_follows_create_edit_cancel_and_delete()
    {
        var account = await api.RegisterAsync();
        var contact = await ContactAsync(account);
        Assert.Null(await LastInteractionAsync(account, contact));

        var early = await AddAsync(account, contact, new { interaction_type = "call", interaction_date = "2026-09-01T10:00:00Z" });
        var late = await AddAsync(account, contact, new { interaction_type = "meeting", interaction_date = "2026-10-01T10:00:00Z" });
        await AddAsync(account, contact, new { interaction_type = "follow_up", interaction_date = "2026-12-24T10:00:00Z", status = "scheduled" });
        Assert.Equal(Utc("2026-10-01T10:00:00Z"), await LastInteractionAsync(account, contact));

        var lateId = late["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.OK, (await account.Client.PatchAsJsonAsync($"/api/v1/interactions/{lateId}", new { interaction_date = "2026-10-15T08:00:00+02:00" })).StatusCode);
        Assert.Equal(Utc("2026-10-15T06:00:00Z"), await LastInteractionAsync(account, contact));

        Assert.Equal(HttpStatusCode.OK, (await account.Client.PatchAsJsonAsync($"/api/v1/interactions/{lateId}", new { status = "cancelled" })).StatusCode);
        Assert.Equal(Utc("2026-09-01T10:00:00Z"), await LastInteractionAsync(account, contact));

        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/interactions/{early["id"]}")).StatusCode);
        Assert.Null(await LastInteractionAsync(account, contact));
    }

    [Fact]
    public async Task The_list_filters_and_pages_a_contacts_timeline_newest_first()
    {
        var account = await api.RegisterAsync();
        var contact = await ContactAsync(account);
        for (var day = 1; day <= 3; day++)
        {
            await AddAsync(account, contact, new { interaction_type = day == 2 ? "email" : "call", interaction_date = $"2026-08-0{day}T10:00:00Z", subject = $"d{day}" });
        }
        var page = await account.Client.GetAsync($"/api/v1/contacts/{contact}/interactions?limit=2");
        Assert.Equal("3", page.Headers.GetValues("X-Total-Count").Single());
        Assert.Contains("rel=\"next\"", page.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        Assert.Equal(["d3", "d2"], (await page.JsonArrayAsync()).Select(i => i!["subject"]!.GetValue<string>()));
        var emails = await (await account.Client.GetAsync($"/api/v1/contacts/{contact}/interactions?interaction_type=email")).JsonArrayAsync();
        Assert.Equal("d2", Assert.Single(emails)!["subject"]!.GetValue<string>());
        await (await account.Client.GetAsync($"/api/v1/contacts/{contact}/interactions?interaction_type=lunch")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData("""{"interaction_date":"2026-01-01T00:00:00Z"}""", "interaction_type")]
    [InlineData("""{"interaction_type":"lunch","interaction_date":"2026-01-01T00:00:00Z"}""", "interaction_type")]
    [InlineData("""{"interaction_type":"call","interaction_date":"yesterday"}""", "interaction_date")]
    [InlineData("""{"interaction_type":"call","interaction_date":"2026-01-01T00:00:00Z","status":"maybe"}""", "status")]
    [InlineData("""{"interaction_type":"call","interaction_date":"2026-01-01T00:00:00Z","contact_id":"00000000-0000-0000-0000-000000000001"}""", "contact_id")]
    [InlineData("""{"interaction_type":"call","interaction_date":"2026-01-01T00:00:00Z","user_id":"00000000-0000-0000-0000-000000000001"}""", "user_id")]
    public async Task Bad_interactions_are_422_and_write_nothing(string json, string field)
    {
        var account = await api.RegisterAsync();
        var contact = await ContactAsync(account);
        var problem = await (await account.Client.PostAsync($"/api/v1/contacts/{contact}/interactions", Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]![field]);
        Assert.Empty(await (await account.Client.GetAsync($"/api/v1/contacts/{contact}/interactions")).JsonArrayAsync());
    }

    [Fact]
    public async Task Follow_ups_list_scheduled_interactions_due_in_the_window_for_me_or_all()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var contact = await ContactAsync(admin);
        var soon = DateTime.UtcNow.AddDays(2).ToString("O");
        var later = DateTime.UtcNow.AddDays(30).ToString("O");
        await AddAsync(admin, contact, new { interaction_type = "follow_up", interaction_date = soon, status = "scheduled", subject = "mine soon" });
        await AddAsync(admin, contact, new { interaction_type = "follow_up", interaction_date = later, status = "scheduled", subject = "mine later" });
        await AddAsync(admin, contact, new { interaction_type = "call", interaction_date = DateTime.UtcNow.AddDays(-2).ToString("O"), status = "completed", subject = "done" });
        await AddAsync(admin, contact, new { interaction_type = "call", interaction_date = soon, status = "scheduled", subject = "theirs", user_id = member.UserId });

        async Task<List<string>> Subjects(Account who, string query) =>
            (await (await who.Client.GetAsync($"/api/v1/follow-ups{query}")).JsonArrayAsync()).Select(i => i!["subject"]!.GetValue<string>()).Order().ToList();

        Assert.Equal(["mine soon"], await Subjects(admin, ""));
        Assert.Equal(["theirs"], await Subjects(member, ""));
        Assert.Equal(["mine soon", "theirs"], await Subjects(admin, "?scope=all"));
        Assert.Equal(["mine later", "mine soon"], await Subjects(admin, $"?due_before={Uri.EscapeDataString(DateTime.UtcNow.AddDays(60).ToString("O"))}"));
        await (await admin.Client.GetAsync("/api/v1/follow-ups?scope=everyone")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Another_organizations_interactions_are_404_and_unchanged()
    {
        var mine = await api.RegisterAsync();
        var theirs = await api.RegisterAsync();
        var contact = await ContactAsync(theirs);
        var id = (await AddAsync(theirs, contact, new { interaction_type = "call", interaction_date = "2026-07-01T00:00:00Z", subject = "private" }))["id"]!.GetValue<Guid>();

        await (await mine.Client.GetAsync($"/api/v1/interactions/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PatchAsJsonAsync($"/api/v1/interactions/{id}", new { subject = "hacked" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.DeleteAsync($"/api/v1/interactions/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await (await mine.Client.GetAsync("/api/v1/follow-ups?scope=all")).JsonArrayAsync());

        var still = await (await theirs.Client.GetAsync($"/api/v1/interactions/{id}")).JsonAsync();
        Assert.Equal("private", still["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task Recording_for_a_user_of_another_organization_is_refused()
    {
        var mine = await api.RegisterAsync();
        var theirs = await api.RegisterAsync();
        var contact = await ContactAsync(mine);
        var problem = await (await mine.Client.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions",
            new { interaction_type = "call", interaction_date = "2026-07-01T00:00:00Z", user_id = theirs.UserId })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["user_id"]);
    }
}

public sealed class InteractionTestsOnSqlite(SqliteApiFactory api) : InteractionTests(api), IClassFixture<SqliteApiFactory>;

public sealed class InteractionTestsOnPostgres(PostgresApiFactory api) : InteractionTests(api), IClassFixture<PostgresApiFactory>;
