using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Contacts;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Network.NetworkApi;

namespace Plugs.Api.Tests.Tags;

/// <summary>
/// <c>PATCH /contacts/{id}/tags {add, remove}</c>: some of a contact's tags change without the
/// others being resent; names ignore case; parallel changes of one contact all land.
/// </summary>
public abstract class ContactTagChangeTests(PlugsApiFactory api)
{
    private const int Parallel = 16;
    private const int Rounds = 4;

    private static List<string> Names(JsonNode? tags) => tags!.AsArray().Select(t => t!.GetValue<string>()).ToList();

    private static async Task<List<string>> TagsOfAsync(Account account, Guid contact) =>
        Names((await (await account.Client.GetAsync($"/api/v1/contacts/{contact}")).JsonAsync())["tags"]);

    private static async Task<Guid> ContactAsync(Account account, params string[] tags) =>
        (await ContactTests.CreateAsync(account, new { first_name = "Tag", last_name = "Holder", tags }))["id"]!.GetValue<Guid>();

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, Guid contact, object body) =>
        client.PatchAsJsonAsync($"/api/v1/contacts/{contact}/tags", body);

    private static async Task<JsonArray> TagListAsync(Account account) =>
        await (await account.Client.GetAsync("/api/v1/tags/?limit=1000")).JsonArrayAsync();

    [Fact]
    public async Task Add_and_remove_change_only_the_named_tags_ignoring_case()
    {
        var account = await api.RegisterAsync();
        var id = await ContactAsync(account, "vip", "press");
        var before = await account.Client.GetAsync($"/api/v1/contacts/{id}");

        var added = await ChangeAsync(account.Client, id, new { add = new[] { "Investor", " investor ", "VIP" } });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(["Investor", "press", "vip"], Names((await added.JsonAsync())["tags"]));
        Assert.NotEqual(before.Headers.ETag, added.Headers.ETag);
        Assert.Equal(["Investor", "press", "vip"], await TagsOfAsync(account, id));
        Assert.Equal(3, (await TagListAsync(account)).Count);

        // Nothing to do is no change: the version stays.
        var same = await ChangeAsync(account.Client, id, new { add = new[] { "INVESTOR" }, remove = new[] { "unknown" } });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(added.Headers.ETag, same.Headers.ETag);

        var removed = await ChangeAsync(account.Client, id, new { remove = new[] { "PRESS", "Vip" }, add = new[] { "new one" } });
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(["Investor", "new one"], Names((await removed.JsonAsync())["tags"]));
        Assert.Equal(["Investor", "new one"], await TagsOfAsync(account, id));
        // The tags themselves stay the organization's; the filter finds the contact by any spelling.
        Assert.Equal(4, (await TagListAsync(account)).Count);
        Assert.Equal([id], (await (await account.Client.GetAsync("/api/v1/contacts/?tag=NEW%20ONE")).JsonArrayAsync()).Select(c => c!["id"]!.GetValue<Guid>()));
        Assert.Empty(await (await account.Client.GetAsync("/api/v1/contacts/?tag=vip")).JsonArrayAsync());
    }

    [Fact]
    public async Task If_match_is_honoured()
    {
        var account = await api.RegisterAsync();
        var id = await ContactAsync(account, "vip");
        var url = $"/api/v1/contacts/{id}/tags";
        using var stale = WithIfMatch(HttpMethod.Patch, url, "\"0\"", new { add = new[] { "late" } });
        await (await account.Client.SendAsync(stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(["vip"], await TagsOfAsync(account, id));

        var etag = (await account.Client.GetAsync($"/api/v1/contacts/{id}")).Headers.ETag!.Tag;
        using var current = WithIfMatch(HttpMethod.Patch, url, etag, new { add = new[] { "on time" } });
        var response = await account.Client.SendAsync(current);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(response.Headers.ETag, (await account.Client.GetAsync($"/api/v1/contacts/{id}")).Headers.ETag);
        using var again = WithIfMatch(HttpMethod.Patch, url, etag, new { remove = new[] { "vip" } });
        await (await account.Client.SendAsync(again)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(["on time", "vip"], await TagsOfAsync(account, id));
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{}""", "add" },
        { """{"add":[],"remove":[]}""", "add" },
        { """{"add":null}""", "add" },
        { """{"add":[""]}""", "add" },
        { """{"add":["   "]}""", "add" },
        { """{"add":[null]}""", "add" },
        { $$"""{"add":["{{new string('x', 51)}}"]}""", "add" },
        { """{"add":["a\u0007b"]}""", "add" },
        { """{"remove":["a\u001fb"]}""", "remove" },
        { """{"add":["ok\u0000"]}""", "add[0]" },
        { $$"""{"add":[{{string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"t{i}\""))}}]}""", "add" },
        { """{"add":["Both"],"remove":["BOTH"]}""", "remove" },
        { """{"add":"vip"}""", "add" },
        { """{"add":["vip"],"tags":["x"]}""", "tags" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_422_naming_the_field_and_changes_nothing(string body, string field)
    {
        var account = await api.RegisterAsync();
        var id = await ContactAsync(account, "vip");
        var before = await account.Client.GetAsync($"/api/v1/contacts/{id}");
        var problem = await (await account.Client.PatchAsync($"/api/v1/contacts/{id}/tags", Accounts.Json(body))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("validation_failed", problem["code"]!.GetValue<string>());
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"errors name {string.Join(", ", errors.Select(e => e.Key))}, not {field}");
        var after = await account.Client.GetAsync($"/api/v1/contacts/{id}");
        Assert.Equal(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal(["vip"], Names((await after.JsonAsync())["tags"]));
        Assert.Single(await TagListAsync(account));
    }

    [Fact]
    public async Task Malformed_json_is_400_and_more_than_50_tags_on_a_contact_is_422_with_nothing_changed()
    {
        var account = await api.RegisterAsync();
        var id = await ContactAsync(account, [.. Enumerable.Range(0, 45).Select(i => $"have-{i}")]);
        await (await account.Client.PatchAsync($"/api/v1/contacts/{id}/tags", Accounts.Json("""{"add":["""))).ProblemAsync(HttpStatusCode.BadRequest);

        var problem = await (await ChangeAsync(account.Client, id, new { add = Enumerable.Range(0, 6).Select(i => $"more-{i}").ToArray() }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("validation_failed", problem["code"]!.GetValue<string>());
        Assert.NotNull(problem["errors"]!["add"]);
        Assert.Equal(45, (await TagsOfAsync(account, id)).Count);
        Assert.Equal(45, (await TagListAsync(account)).Count); // the new tags were rolled back too

        // Removing makes room in the same request.
        var swapped = await ChangeAsync(account.Client, id, new { add = Enumerable.Range(0, 6).Select(i => $"more-{i}").ToArray(), remove = new[] { "have-0" } });
        Assert.Equal(HttpStatusCode.OK, swapped.StatusCode);
        Assert.Equal(50, (await TagsOfAsync(account, id)).Count);
    }

    [Fact]
    public async Task Another_organizations_contact_a_missing_one_and_a_deleted_one_are_404()
    {
        var owner = await api.RegisterAsync();
        var id = await ContactAsync(owner, "secret");
        var intruder = await api.RegisterAsync();
        var problem = await (await ChangeAsync(intruder.Client, id, new { add = new[] { "mine" }, remove = new[] { "secret" } })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("not_found", problem["code"]!.GetValue<string>());
        var missing = await (await ChangeAsync(intruder.Client, Guid.NewGuid(), new { add = new[] { "mine" } })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(missing["detail"]!.GetValue<string>(), problem["detail"]!.GetValue<string>());
        Assert.Empty(await TagListAsync(intruder));
        Assert.Equal(["secret"], await TagsOfAsync(owner, id));
        Assert.Single(await TagListAsync(owner));

        await (await ChangeAsync(owner.Client, Guid.NewGuid(), new { add = new[] { "x" } })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Client.DeleteAsync($"/api/v1/contacts/{id}")).StatusCode);
        await (await ChangeAsync(owner.Client, id, new { add = new[] { "x" } })).ProblemAsync(HttpStatusCode.NotFound);

        using var anonymous = api.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await ChangeAsync(anonymous, id, new { add = new[] { "x" } })).StatusCode);
    }

    [Fact]
    public async Task Parallel_adds_of_different_tags_to_one_contact_all_land()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < Rounds; round++)
        {
            var id = await ContactAsync(account, "kept");
            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i =>
                ChangeAsync(clients[i % clients.Count], id, new { add = new[] { $"r{round}-tag-{i:D2}" } })));

            foreach (var response in responses)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            Assert.Equal(["kept", .. Enumerable.Range(0, Parallel).Select(i => $"r{round}-tag-{i:D2}")], await TagsOfAsync(account, id));
        }
    }

    [Fact]
    public async Task Parallel_adds_of_one_new_tag_make_one_tag_whether_to_one_contact_or_many()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < Rounds; round++)
        {
            var one = await ContactAsync(account);
            var many = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => ContactAsync(account)));
            var name = $"Shared-{round}";
            // Every spelling of the one name, half to a single contact and half to a contact each.
            var responses = await Task.WhenAll(Enumerable.Range(0, 2 * Parallel).Select(i =>
                ChangeAsync(clients[i % clients.Count], i % 2 == 0 ? one : many[i / 2], new { add = new[] { i % 3 == 0 ? name.ToUpperInvariant() : name } })));

            foreach (var response in responses)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            var tag = Assert.Single(await TagListAsync(account), t => string.Equals(t!["name"]!.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase))!;
            Assert.Equal(Parallel + 1, tag["contact_count"]!.GetValue<int>());
            var spelling = tag["name"]!.GetValue<string>();
            Assert.Equal([spelling], await TagsOfAsync(account, one));
            foreach (var contact in many)
            {
                Assert.Equal([spelling], await TagsOfAsync(account, contact));
            }
        }
    }
}

public sealed class ContactTagChangeTestsOnSqlite(SqliteApiFactory api) : ContactTagChangeTests(api), IClassFixture<SqliteApiFactory>;

public sealed class ContactTagChangeTestsOnPostgres(PostgresApiFactory api) : ContactTagChangeTests(api), IClassFixture<PostgresApiFactory>;
