using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Network.NetworkApi;

namespace Plugs.Api.Tests.Network;

public abstract class RelationshipTests(PlugsApiFactory api)
{
    [Fact]
    public async Task Create_returns_201_with_defaults_a_location_and_an_etag()
    {
        var account = await api.RegisterAsync();
        var (a, b) = (await ContactAsync(account, "Ann"), await ContactAsync(account, "Ben"));
        var response = await account.Client.PostAsJsonAsync($"/api/v1/contacts/{a}/relationships", new { to_contact_id = b, notes = "college" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var id = body["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/v1/relationships/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(a, body["from_contact_id"]!.GetValue<Guid>());
        Assert.Equal(b, body["to_contact_id"]!.GetValue<Guid>());
        Assert.Equal("knows", body["relationship_type"]!.GetValue<string>());
        Assert.Equal(3, body["strength"]!.GetValue<int>());
        Assert.Equal("college", body["notes"]!.GetValue<string>());
        Assert.Equal(account.UserId, body["created_by"]!.GetValue<Guid>());
        Assert.Null(body["organization_id"]);

        var read = await account.Client.GetAsync($"/api/v1/relationships/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(response.Headers.ETag, read.Headers.ETag);
        Assert.Equal("college", (await read.JsonAsync())["notes"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_contacts_list_shows_both_directions_with_the_other_contact()
    {
        var account = await api.RegisterAsync();
        var (a, b, c, d) = (await ContactAsync(account, "Ann"), await ContactAsync(account, "Ben", "plug"), await ContactAsync(account, "Cat"),
            await ContactAsync(account, "Dan"));
        await RelateAsync(account, a, b, 5, "works_with");
        await RelateAsync(account, c, a, 2, "mentor");
        await RelateAsync(account, a, d, 4, "reports_to");
        await RelateAsync(account, b, c, 4);

        var response = await account.Client.GetAsync($"/api/v1/contacts/{a}/relationships");
        Assert.Equal("3", response.Headers.GetValues("X-Total-Count").Single());
        var list = await response.JsonArrayAsync();
        Assert.Equal(["works_with", "reports_to", "mentor"], list.Select(r => r!["relationship_type"]!.GetValue<string>()));
        Assert.Equal(["mutual", "outgoing", "incoming"], list.Select(r => r!["direction"]!.GetValue<string>()));
        Assert.Equal([b, d, c], list.Select(r => r!["other_contact"]!["id"]!.GetValue<Guid>()));
        Assert.Equal("Ben", list[0]!["other_contact"]!["first_name"]!.GetValue<string>());
        Assert.Equal("plug", list[0]!["other_contact"]!["contact_type"]!.GetValue<string>());

        async Task<List<Guid>> Others(string query, Guid? of = null) => (await (await account.Client.GetAsync($"/api/v1/contacts/{of ?? a}/relationships?{query}")).JsonArrayAsync())
            .Select(r => r!["other_contact"]!["id"]!.GetValue<Guid>()).ToList();
        // A symmetric relationship is both outgoing and incoming, from either end.
        Assert.Equal([b, c], await Others("direction=incoming"));
        Assert.Equal([b, d], await Others("direction=outgoing"));
        Assert.Equal([b], await Others("direction=mutual"));
        Assert.Equal([a, c], await Others("direction=outgoing", b));
        Assert.Equal([b], await Others("relationship_type=works_with"));
        Assert.Equal([c, d, b], await Others("sort=strength"));
        Assert.Equal([d], await Others("skip=1&limit=1"));

        await (await account.Client.GetAsync($"/api/v1/contacts/{a}/relationships?relationship_type=enemy")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.GetAsync($"/api/v1/contacts/{a}/relationships?direction=sideways")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.GetAsync($"/api/v1/contacts/{a}/relationships?sort=notes")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.GetAsync($"/api/v1/contacts/{Guid.NewGuid()}/relationships")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"strength":3}""", "to_contact_id")]
    [InlineData("""{"to_contact_id":"not-a-uuid"}""", "to_contact_id")]
    [InlineData("""{"to_contact_id":"{to}","strength":"strong"}""", "strength")]
    [InlineData("""{"to_contact_id":"{to}","strength":0}""", "strength")]
    [InlineData("""{"to_contact_id":"{to}","strength":6}""", "strength")]
    [InlineData("""{"to_contact_id":"{to}","strength":2.5}""", "strength")]
    [InlineData("""{"to_contact_id":"{to}","relationship_type":"enemy"}""", "relationship_type")]
    [InlineData("""{"to_contact_id":"{to}","relationship_type":1}""", "relationship_type")]
    [InlineData("""{"to_contact_id":"{to}","organization_id":"00000000-0000-0000-0000-000000000001"}""", "organization_id")]
    [InlineData("""{"to_contact_id":"{to}","from_contact_id":"00000000-0000-0000-0000-000000000001"}""", "from_contact_id")]
    [InlineData("""{"to_contact_id":"{to}","created_by":"00000000-0000-0000-0000-000000000001"}""", "created_by")]
    [InlineData("""{"to_contact_id":"{from}"}""", "to_contact_id")]
    public async Task Bad_input_is_422_keyed_by_field_and_creates_nothing(string template, string field)
    {
        var account = await api.RegisterAsync();
        var (from, to) = (await ContactAsync(account, "From"), await ContactAsync(account, "To"));
        var json = template.Replace("{to}", to.ToString(), StringComparison.Ordinal).Replace("{from}", from.ToString(), StringComparison.Ordinal);
        var problem = await (await account.Client.PostAsync($"/api/v1/contacts/{from}/relationships", Accounts.Json(json)))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal("0", await TotalAsync(account, $"/api/v1/contacts/{from}/relationships"));
        Assert.Equal("0", await TotalAsync(account, $"/api/v1/contacts/{to}/relationships"));
    }

    [Fact]
    public async Task The_same_edge_twice_is_409_duplicate_relationship_and_so_is_the_reverse_of_a_symmetric_one()
    {
        var account = await api.RegisterAsync();
        var (a, b) = (await ContactAsync(account, "Ann"), await ContactAsync(account, "Ben"));
        var first = await RelationshipAsync(account, a, b, 4, "friend");
        foreach (var (from, to) in new[] { (a, b), (b, a) })
        {
            var problem = await (await account.Client.PostAsJsonAsync($"/api/v1/contacts/{from}/relationships",
                new { to_contact_id = to, relationship_type = "friend", strength = 1 })).ProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal("duplicate_relationship", problem["code"]!.GetValue<string>());
        }
        // Other types are other relationships; a directed one may go both ways, once each.
        await RelateAsync(account, a, b, 2, "works_with");
        await RelateAsync(account, a, b, 2, "mentor");
        await RelateAsync(account, b, a, 2, "mentor");
        await (await account.Client.PostAsJsonAsync($"/api/v1/contacts/{b}/relationships",
            new { to_contact_id = a, relationship_type = "mentor" })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("4", await TotalAsync(account, $"/api/v1/contacts/{a}/relationships"));
        Assert.Equal(4, (await (await account.Client.GetAsync($"/api/v1/relationships/{first}")).JsonAsync())["strength"]!.GetValue<int>());

        // A deleted edge no longer blocks its re-creation, from either end.
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/relationships/{first}")).StatusCode);
        var again = await RelateAsync(account, b, a, 5, "friend");
        Assert.Equal(b, again["from_contact_id"]!.GetValue<Guid>());

        // Restoring the old one now would make the pair twice, and so would turning a directed one symmetric.
        var restore = await (await account.Client.PostAsync($"/api/v1/relationships/{first}/restore", null)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("duplicate_relationship", restore["code"]!.GetValue<string>());
        var mentor = (await (await account.Client.GetAsync($"/api/v1/contacts/{a}/relationships?relationship_type=mentor&direction=incoming")).JsonArrayAsync()).Single()!;
        var patched = await (await account.Client.PatchAsJsonAsync($"/api/v1/relationships/{mentor["id"]}", new { relationship_type = "works_with" }))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("duplicate_relationship", patched["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_merge_that_would_pair_a_symmetric_relationship_twice_keeps_one()
    {
        var account = await api.RegisterAsync();
        var (survivor, twin, friend) = (await ContactAsync(account, "Sue"), await ContactAsync(account, "Sue"), await ContactAsync(account, "Fred", "plug"));
        await RelateAsync(account, survivor, friend, 2, "knows");
        await RelateAsync(account, friend, twin, 5, "knows");
        await RelateAsync(account, survivor, friend, 3, "mentor");
        await RelateAsync(account, friend, twin, 4, "mentor");

        var merged = await account.Client.PostAsJsonAsync($"/api/v1/contacts/{survivor}/merge", new { merge_ids = new[] { twin } });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var list = await (await account.Client.GetAsync($"/api/v1/contacts/{survivor}/relationships?sort=relationship_type")).JsonArrayAsync();
        Assert.Equal([("knows", "mutual"), ("mentor", "incoming"), ("mentor", "outgoing")],
            list.Select(r => (r!["relationship_type"]!.GetValue<string>(), r["direction"]!.GetValue<string>())).OrderBy(x => x));
        Assert.All(list, r => Assert.Equal(friend, r!["other_contact"]!["id"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Patch_changes_only_the_sent_fields_and_honours_if_match()
    {
        var account = await api.RegisterAsync();
        var (a, b) = (await ContactAsync(account, "Ann"), await ContactAsync(account, "Ben"));
        var id = await RelationshipAsync(account, a, b, 2);
        var url = $"/api/v1/relationships/{id}";
        var etag = (await account.Client.GetAsync(url)).Headers.ETag!.Tag;

        var patched = await account.Client.PatchAsJsonAsync(url, new { strength = 5, notes = "close" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await patched.JsonAsync();
        Assert.Equal(5, body["strength"]!.GetValue<int>());
        Assert.Equal("close", body["notes"]!.GetValue<string>());
        Assert.Equal("knows", body["relationship_type"]!.GetValue<string>());
        Assert.NotEqual(etag, patched.Headers.ETag!.Tag);

        using var stale = WithIfMatch(HttpMethod.Patch, url, etag, new { strength = 1 });
        await (await account.Client.SendAsync(stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        using var current = WithIfMatch(HttpMethod.Patch, url, patched.Headers.ETag!.Tag, new { relationship_type = "mentor", notes = (string?)null });
        var ok = await (await account.Client.SendAsync(current)).JsonAsync();
        Assert.Equal("mentor", ok["relationship_type"]!.GetValue<string>());
        Assert.Null(ok["notes"]);
        Assert.Equal(5, ok["strength"]!.GetValue<int>());

        Assert.NotNull((await (await account.Client.PatchAsJsonAsync(url, new { strength = 9 })).ProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!["strength"]);
        Assert.NotNull((await (await account.Client.PatchAsync(url, Accounts.Json("""{"strength":null}"""))).ProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!["strength"]);
        Assert.NotNull((await (await account.Client.PatchAsync(url, Accounts.Json("""{"relationship_type":"rival"}"""))).ProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!["relationship_type"]);
        Assert.NotNull((await (await account.Client.PatchAsJsonAsync(url, new { to_contact_id = a })).ProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!["to_contact_id"]);

        await RelateAsync(account, a, b, 3, "friend");
        var duplicate = await (await account.Client.PatchAsJsonAsync(url, new { relationship_type = "friend" })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("duplicate_relationship", duplicate["code"]!.GetValue<string>());
        var reread = await (await account.Client.GetAsync(url)).JsonAsync();
        Assert.Equal("mentor", reread["relationship_type"]!.GetValue<string>());
        Assert.Equal(5, reread["strength"]!.GetValue<int>());
    }

    [Fact]
    public async Task Delete_is_soft_204_honours_if_match_and_hides_the_edge()
    {
        var account = await api.RegisterAsync();
        var (a, b) = (await ContactAsync(account, "Ann"), await ContactAsync(account, "Ben"));
        var id = await RelationshipAsync(account, a, b);
        var url = $"/api/v1/relationships/{id}";
        using var stale = WithIfMatch(HttpMethod.Delete, url, "\"0\"");
        await (await account.Client.SendAsync(stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.OK, (await account.Client.GetAsync(url)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync(url)).StatusCode);
        await (await account.Client.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        await (await account.Client.DeleteAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        await (await account.Client.PatchAsJsonAsync(url, new { strength = 1 })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("0", await TotalAsync(account, $"/api/v1/contacts/{a}/relationships"));
    }

    [Fact]
    public async Task Deleting_a_contact_hides_its_relationships_and_restoring_it_brings_them_back()
    {
        var account = await api.RegisterAsync();
        var (a, b) = (await ContactAsync(account, "Ann"), await ContactAsync(account, "Ben"));
        var id = await RelationshipAsync(account, a, b);
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/contacts/{b}")).StatusCode);
        Assert.Equal("0", await TotalAsync(account, $"/api/v1/contacts/{a}/relationships"));
        await (await account.Client.GetAsync($"/api/v1/relationships/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await account.Client.PostAsJsonAsync($"/api/v1/contacts/{a}/relationships", new { to_contact_id = b })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await account.Client.PostAsync($"/api/v1/contacts/{b}/restore", null)).StatusCode);
        Assert.Equal("1", await TotalAsync(account, $"/api/v1/contacts/{a}/relationships"));
    }

    [Fact]
    public async Task Another_organizations_contacts_and_relationships_are_404_and_stay_unchanged()
    {
        var mine = await api.RegisterAsync();
        var theirs = await api.RegisterAsync();
        var myContact = await ContactAsync(mine, "Mine");
        var (x, y) = (await ContactAsync(theirs, "Xena"), await ContactAsync(theirs, "Yuri"));
        var id = await RelationshipAsync(theirs, x, y, 4);
        var url = $"/api/v1/relationships/{id}";

        await (await mine.Client.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PatchAsJsonAsync(url, new { strength = 1 })).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.DeleteAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.GetAsync($"/api/v1/contacts/{x}/relationships")).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PostAsJsonAsync($"/api/v1/contacts/{x}/relationships", new { to_contact_id = myContact })).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PostAsJsonAsync($"/api/v1/contacts/{myContact}/relationships", new { to_contact_id = y })).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("0", await TotalAsync(mine, $"/api/v1/contacts/{myContact}/relationships"));
        var still = await (await theirs.Client.GetAsync(url)).JsonAsync();
        Assert.Equal(4, still["strength"]!.GetValue<int>());
        Assert.Equal("1", await TotalAsync(theirs, $"/api/v1/contacts/{x}/relationships"));
        Assert.Equal("1", await TotalAsync(theirs, $"/api/v1/contacts/{y}/relationships"));
    }

    [Fact]
    public async Task Idempotency_key_replays_the_create_and_makes_one_edge()
    {
        var account = await api.RegisterAsync();
        var (a, b) = (await ContactAsync(account, "Ann"), await ContactAsync(account, "Ben"));
        async Task<JsonObject> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/contacts/{a}/relationships") { Content = JsonContent.Create(new { to_contact_id = b }) };
            request.Headers.Add("Idempotency-Key", "edge-1");
            var response = await account.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return await response.JsonAsync();
        }
        var first = (await Post())["id"]!.GetValue<Guid>();
        var replayed = (await Post())["id"]!.GetValue<Guid>();
        Assert.Equal(first, replayed);
        Assert.Equal("1", await TotalAsync(account, $"/api/v1/contacts/{a}/relationships"));
    }

    [Fact]
    public async Task Without_a_token_relationships_are_401()
    {
        using var anonymous = api.CreateAnonymousClient();
        var id = Guid.NewGuid();
        await (await anonymous.GetAsync($"/api/v1/contacts/{id}/relationships")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync($"/api/v1/contacts/{id}/relationships", new { to_contact_id = Guid.NewGuid() })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"/api/v1/relationships/{id}")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PatchAsJsonAsync($"/api/v1/relationships/{id}", new { strength = 1 })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.DeleteAsync($"/api/v1/relationships/{id}")).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class RelationshipTestsOnSqlite(SqliteApiFactory api) : RelationshipTests(api), IClassFixture<SqliteApiFactory>;

public sealed class RelationshipTestsOnPostgres(PostgresApiFactory api) : RelationshipTests(api), IClassFixture<PostgresApiFactory>;
