using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Network.NetworkApi;

namespace Plugs.Api.Tests.Tags;

/// <summary>The organization's tags: listed with their live contacts, created ahead of use, renamed, recoloured, deleted off every contact.</summary>
public abstract class TagTests(PlugsApiFactory api)
{
    private static async Task<Guid> ContactWithTagsAsync(Account account, string name, params string[] tags)
    {
        var response = await account.Client.PostAsJsonAsync("/api/v1/contacts/", new { first_name = name, last_name = "Tagged", tags });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync())["id"]!.GetValue<Guid>();
    }

    private static async Task<JsonArray> ListAsync(Account account, string query = "") =>
        await (await account.Client.GetAsync($"/api/v1/tags/?{query}")).JsonArrayAsync();

    private static async Task<List<string>> ContactTagsAsync(Account account, Guid contact) =>
        (await (await account.Client.GetAsync($"/api/v1/contacts/{contact}")).JsonAsync())["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();

    [Fact]
    public async Task Create_returns_201_with_a_location_an_etag_and_no_contacts_yet()
    {
        var account = await api.RegisterAsync();
        var response = await account.Client.PostAsJsonAsync("/api/v1/tags/", new { name = "  VIP ", color = "#1F6FEB" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var id = body["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/v1/tags/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("VIP", body["name"]!.GetValue<string>());
        Assert.Equal("#1f6feb", body["color"]!.GetValue<string>());
        Assert.Equal(0, body["contact_count"]!.GetValue<int>());
        Assert.Equal(account.UserId, body["created_by"]!.GetValue<Guid>());
        Assert.Null(body["organization_id"]);

        var read = await account.Client.GetAsync($"/api/v1/tags/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(response.Headers.ETag, read.Headers.ETag);

        // A contact tagged by name picks up the existing tag rather than making another.
        await ContactWithTagsAsync(account, "Ann", "VIP");
        var list = await ListAsync(account);
        var only = Assert.Single(list)!;
        Assert.Equal(id, only["id"]!.GetValue<Guid>());
        Assert.Equal(1, only["contact_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_list_counts_live_contacts_filters_sorts_and_pages()
    {
        var account = await api.RegisterAsync();
        var ann = await ContactWithTagsAsync(account, "Ann", "investor", "vip");
        await ContactWithTagsAsync(account, "Ben", "vip");
        await ContactWithTagsAsync(account, "Cat", "Press");
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/contacts/{ann}")).StatusCode);

        var response = await account.Client.GetAsync("/api/v1/tags/");
        Assert.Equal("3", response.Headers.GetValues("X-Total-Count").Single());
        var list = await response.JsonArrayAsync();
        Assert.Equal(["Press", "investor", "vip"], list.Select(t => t!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        var counts = list.ToDictionary(t => t!["name"]!.GetValue<string>(), t => t!["contact_count"]!.GetValue<int>());
        Assert.Equal(0, counts["investor"]); // its only contact is deleted
        Assert.Equal(1, counts["vip"]);
        Assert.Equal(1, counts["Press"]);

        Assert.Equal(["Press"], (await ListAsync(account, "q=PRE")).Select(t => t!["name"]!.GetValue<string>()));
        Assert.Empty(await ListAsync(account, "q=%25"));
        var newestFirst = (await ListAsync(account, "sort=-created_at")).Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Equal("Press", newestFirst[0]);
        var page = await account.Client.GetAsync("/api/v1/tags/?sort=-created_at&skip=1&limit=1");
        Assert.Equal("3", page.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal([newestFirst[1]], (await page.JsonArrayAsync()).Select(t => t!["name"]!.GetValue<string>()));

        await (await account.Client.GetAsync("/api/v1/tags/?sort=colour")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.GetAsync($"/api/v1/tags/?q={new string('x', 51)}")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.GetAsync("/api/v1/tags/?limit=0")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_rename_shows_on_every_contact_and_in_the_tag_filter()
    {
        var account = await api.RegisterAsync();
        var ann = await ContactWithTagsAsync(account, "Ann", "investr", "vip");
        var id = (await ListAsync(account)).Single(t => t!["name"]!.GetValue<string>() == "investr")!["id"]!.GetValue<Guid>();

        var patched = await account.Client.PatchAsJsonAsync($"/api/v1/tags/{id}", new { name = "investor", color = "#00aa00" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("#00aa00", (await patched.JsonAsync())["color"]!.GetValue<string>());
        Assert.Equal(["investor", "vip"], await ContactTagsAsync(account, ann));
        var filtered = await (await account.Client.GetAsync("/api/v1/contacts/?tag=investor")).JsonArrayAsync();
        Assert.Equal([ann], filtered.Select(c => c!["id"]!.GetValue<Guid>()));

        var cleared = await (await account.Client.PatchAsJsonAsync($"/api/v1/tags/{id}", new { color = (string?)null })).JsonAsync();
        Assert.Null(cleared["color"]);
        Assert.Equal("investor", cleared["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_name_in_use_is_409_on_create_and_rename_and_changes_nothing()
    {
        var account = await api.RegisterAsync();
        await ContactWithTagsAsync(account, "Ann", "vip", "press");
        var problem = await (await account.Client.PostAsJsonAsync("/api/v1/tags/", new { name = "vip" })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("duplicate_tag", problem["code"]!.GetValue<string>());
        var press = (await ListAsync(account)).Single(t => t!["name"]!.GetValue<string>() == "press")!["id"]!.GetValue<Guid>();
        var rename = await (await account.Client.PatchAsJsonAsync($"/api/v1/tags/{press}", new { name = " vip " })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("duplicate_tag", rename["code"]!.GetValue<string>());
        Assert.Equal(["press", "vip"], (await ListAsync(account)).Select(t => t!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        // Keeping its own name is no clash; another organization's names are its own business.
        Assert.Equal(HttpStatusCode.OK, (await account.Client.PatchAsJsonAsync($"/api/v1/tags/{press}", new { name = "press" })).StatusCode);
        var other = await api.RegisterAsync();
        Assert.Equal(HttpStatusCode.Created, (await other.Client.PostAsJsonAsync("/api/v1/tags/", new { name = "vip" })).StatusCode);
    }

    [Fact]
    public async Task Names_ignore_case_and_keep_their_first_spelling()
    {
        var account = await api.RegisterAsync();
        var ann = await ContactWithTagsAsync(account, "Ann", "Investor", "investor", " INVESTOR ");
        Assert.Equal(["Investor"], await ContactTagsAsync(account, ann));
        var ben = await ContactWithTagsAsync(account, "Ben", "investor");
        Assert.Equal(["Investor"], await ContactTagsAsync(account, ben));
        var patched = await account.Client.PatchAsJsonAsync($"/api/v1/contacts/{ben}", new { tags = new[] { "INVESTOR", "Vip", "vip" } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(["Investor", "Vip"], (await patched.JsonAsync())["tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        var list = await ListAsync(account);
        Assert.Equal(["Investor", "Vip"], list.Select(t => t!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(2, list.Single(t => t!["name"]!.GetValue<string>() == "Investor")!["contact_count"]!.GetValue<int>());

        // Another spelling of a name in use is that name: 409 on create and on rename.
        var created = await (await account.Client.PostAsJsonAsync("/api/v1/tags/", new { name = "iNvEsToR" })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("duplicate_tag", created["code"]!.GetValue<string>());
        var vip = list.Single(t => t!["name"]!.GetValue<string>() == "Vip")!["id"]!.GetValue<Guid>();
        var renamed = await (await account.Client.PatchAsJsonAsync($"/api/v1/tags/{vip}", new { name = "INVESTOR" })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("duplicate_tag", renamed["code"]!.GetValue<string>());
        // Respelling a tag's own name is no clash.
        Assert.Equal(HttpStatusCode.OK, (await account.Client.PatchAsJsonAsync($"/api/v1/tags/{vip}", new { name = "VIP" })).StatusCode);
        Assert.Equal(["Investor", "VIP"], await ContactTagsAsync(account, ben));

        // The filter and the tag search ignore case as well.
        foreach (var spelling in new[] { "investor", "INVESTOR", "Investor" })
        {
            var filtered = await (await account.Client.GetAsync($"/api/v1/contacts/?tag={spelling}&sort=first_name")).JsonArrayAsync();
            Assert.Equal([ann, ben], filtered.Select(c => c!["id"]!.GetValue<Guid>()));
        }
        Assert.Equal(["Investor"], (await ListAsync(account, "q=VEST")).Select(t => t!["name"]!.GetValue<string>()));
    }

    public static TheoryData<string> BadCreates => new()
    {
        """{}""",
        """{"name":""}""",
        """{"name":"   "}""",
        $$"""{"name":"{{new string('x', 51)}}"}""",
        """{"name":"a\u0007b"}""",
        """{"name":"ok","color":"red"}""",
        """{"name":"ok","color":"#12345g"}""",
        """{"name":"ok","color":"#1234567"}""",
        """{"name":"ok","color":""}""",
        """{"name":42}""",
        """{"name":"ok","organization_id":"00000000-0000-0000-0000-000000000001"}""",
        """{"name":"ok","contact_count":3}""",
        """{"name":"ok",""",
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Bad_input_on_create_is_a_4xx_problem_and_creates_nothing(string body)
    {
        var account = await api.RegisterAsync();
        var response = await account.Client.PostAsync("/api/v1/tags/", Accounts.Json(body));
        var status = (int)response.StatusCode;
        Assert.True(status is 400 or 422, $"{body} gave {status}");
        await response.ProblemAsync(response.StatusCode);
        Assert.Empty(await ListAsync(account));
    }

    [Theory]
    [InlineData("""{"name":null}""")]
    [InlineData("""{"name":""}""")]
    [InlineData("""{"color":"blue"}""")]
    [InlineData("""{"id":"00000000-0000-0000-0000-000000000001"}""")]
    public async Task Bad_input_on_update_is_422_and_changes_nothing(string body)
    {
        var account = await api.RegisterAsync();
        var created = await (await account.Client.PostAsJsonAsync("/api/v1/tags/", new { name = "vip", color = "#ffffff" })).JsonAsync();
        var id = created["id"]!.GetValue<Guid>();
        await (await account.Client.PatchAsync($"/api/v1/tags/{id}", Accounts.Json(body))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var read = await (await account.Client.GetAsync($"/api/v1/tags/{id}")).JsonAsync();
        Assert.Equal("vip", read["name"]!.GetValue<string>());
        Assert.Equal("#ffffff", read["color"]!.GetValue<string>());
        Assert.Equal(created["updated_at"]!.GetValue<DateTime>(), read["updated_at"]!.GetValue<DateTime>());
    }

    [Fact]
    public async Task Delete_takes_the_tag_off_every_contact_and_honours_if_match()
    {
        var account = await api.RegisterAsync();
        var ann = await ContactWithTagsAsync(account, "Ann", "vip", "press");
        var ben = await ContactWithTagsAsync(account, "Ben", "vip");
        var vip = (await ListAsync(account)).Single(t => t!["name"]!.GetValue<string>() == "vip")!["id"]!.GetValue<Guid>();
        var url = $"/api/v1/tags/{vip}";

        using var stale = WithIfMatch(HttpMethod.Delete, url, "\"0\"");
        await (await account.Client.SendAsync(stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        using var stalePatch = WithIfMatch(HttpMethod.Patch, url, "\"0\"", new { name = "VIP" });
        await (await account.Client.SendAsync(stalePatch)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(["press", "vip"], await ContactTagsAsync(account, ann));

        var etag = (await account.Client.GetAsync(url)).Headers.ETag!.Tag;
        using var current = WithIfMatch(HttpMethod.Delete, url, etag);
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.SendAsync(current)).StatusCode);
        await (await account.Client.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(["press"], await ContactTagsAsync(account, ann));
        Assert.Empty(await ContactTagsAsync(account, ben));
        Assert.Empty(await (await account.Client.GetAsync("/api/v1/contacts/?tag=vip")).JsonArrayAsync());
        await (await account.Client.DeleteAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_organizations_tag_is_404_everywhere_and_never_listed()
    {
        var owner = await api.RegisterAsync();
        var created = await (await owner.Client.PostAsJsonAsync("/api/v1/tags/", new { name = "secret", color = "#000000" })).JsonAsync();
        var url = $"/api/v1/tags/{created["id"]!.GetValue<Guid>()}";
        var intruder = await api.RegisterAsync();

        await (await intruder.Client.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        await (await intruder.Client.PatchAsJsonAsync(url, new { name = "mine" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await intruder.Client.DeleteAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await ListAsync(intruder));
        var intact = await (await owner.Client.GetAsync(url)).JsonAsync();
        Assert.Equal("secret", intact["name"]!.GetValue<string>());

        using var anonymous = api.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/tags/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Members_manage_tags_too()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var response = await member.Client.PostAsJsonAsync("/api/v1/tags/", new { name = "met-at-summit" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Single(await ListAsync(admin));
    }
}

public sealed class TagTestsOnSqlite(SqliteApiFactory api) : TagTests(api), IClassFixture<SqliteApiFactory>;

public sealed class TagTestsOnPostgres(PostgresApiFactory api) : TagTests(api), IClassFixture<PostgresApiFactory>;
