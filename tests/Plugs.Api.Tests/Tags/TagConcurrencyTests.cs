using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Tags;

/// <summary>
/// Get-or-create of tags by name under parallel writes: the organization's unique tag name and
/// the contact_tags key are met with <c>ON CONFLICT DO NOTHING</c>, never with a 409 or a 500.
/// </summary>
public abstract class TagConcurrencyTests(PlugsApiFactory api)
{
    private const int Parallel = 16;
    private const int Rounds = 4;

    private static List<string> Names(JsonNode? tags) => tags!.AsArray().Select(t => t!.GetValue<string>()).ToList();

    private static async Task<JsonArray> TagsNamedAsync(Account account, string name) =>
        new((await (await account.Client.GetAsync($"/api/v1/tags/?q={Uri.EscapeDataString(name)}&limit=1000")).JsonArrayAsync())
            .Where(t => string.Equals(t!["name"]!.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase)).Select(t => t!.DeepClone()).ToArray());

    private static async Task AssertAllAsync(HttpResponseMessage[] responses, HttpStatusCode expected)
    {
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Parallel_creates_naming_the_same_new_tags_all_succeed_and_share_one_row_each()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < Rounds; round++)
        {
            var shared = $"fresh-{round}-{Guid.NewGuid():N}";
            var second = $"also-{round}-{Guid.NewGuid():N}";
            // Half name the new tags in one order, half in the other; some spell them in capitals.
            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => clients[i % clients.Count].PostAsJsonAsync("/api/v1/contacts/",
                new { first_name = $"T{i}", last_name = $"Round{round}", tags = i % 2 == 0 ? new[] { shared, second, $"own-{i}" } : [second, i % 3 == 0 ? shared.ToUpperInvariant() : shared] })));

            await AssertAllAsync(responses, HttpStatusCode.Created);
            foreach (var name in new[] { shared, second })
            {
                var tag = Assert.Single(await TagsNamedAsync(account, name))!;
                Assert.Equal(Parallel, tag["contact_count"]!.GetValue<int>());
                Assert.Equal(account.UserId, tag["created_by"]!.GetValue<Guid>());
            }
            foreach (var response in responses)
            {
                var id = (await response.JsonAsync())["id"]!.GetValue<Guid>();
                var stored = Names((await (await account.Client.GetAsync($"/api/v1/contacts/{id}")).JsonAsync())["tags"]);
                Assert.Contains(stored, n => string.Equals(n, shared, StringComparison.OrdinalIgnoreCase));
                Assert.Contains(second, stored);
            }
        }
    }

    [Fact]
    public async Task Parallel_tag_updates_of_one_contact_all_succeed_and_one_of_them_is_the_result()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < Rounds; round++)
        {
            var contact = (await account.Client.PostAsJsonAsync("/api/v1/contacts/", new { first_name = "Many", last_name = $"Hands{round}", tags = new[] { "old" } }));
            var id = (await contact.JsonAsync())["id"]!.GetValue<Guid>();
            var sets = Enumerable.Range(0, Parallel).Select(i => new[] { $"r{round}-common", $"r{round}-n{i % 3}", i % 2 == 0 ? "old" : $"r{round}-x" }).ToList();

            var responses = await Task.WhenAll(sets.Select((tags, i) => clients[i % clients.Count].PatchAsJsonAsync($"/api/v1/contacts/{id}", new { tags })));

            await AssertAllAsync(responses, HttpStatusCode.OK);
            var final = Names((await (await account.Client.GetAsync($"/api/v1/contacts/{id}")).JsonAsync())["tags"]);
            Assert.Contains(sets, s => s.Order(StringComparer.Ordinal).SequenceEqual(final));
            Assert.Single(await TagsNamedAsync(account, $"r{round}-common"));
        }
    }

    [Fact]
    public async Task Parallel_creates_of_one_tag_name_in_any_case_make_one_and_answer_the_rest_duplicate_tag()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < Rounds; round++)
        {
            var name = $"solo-{round}";
            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i =>
                clients[i % clients.Count].PostAsJsonAsync("/api/v1/tags/", new { name = i % 2 == 0 ? name : name.ToUpperInvariant() })));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            {
                Assert.Equal("duplicate_tag", (await response.ProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>());
            }
            Assert.Single(await TagsNamedAsync(account, name));
        }
    }

    [Fact]
    public async Task Parallel_deletes_and_renames_of_one_tag_delete_it_once_and_never_fail()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < Rounds; round++)
        {
            var url = $"/api/v1/tags/{(await (await account.Client.PostAsJsonAsync("/api/v1/tags/", new { name = $"gone-{round}" })).JsonAsync())["id"]}";
            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => i % 2 == 0
                ? clients[i % clients.Count].DeleteAsync(url)
                : clients[i % clients.Count].PatchAsJsonAsync(url, new { name = $"renamed-{round}-{i}" })));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.NoContent);
            foreach (var response in responses.Where(r => r.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.OK)))
            {
                await response.ProblemAsync(HttpStatusCode.NotFound);
            }
            await (await account.Client.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Creates_naming_a_tag_while_it_is_deleted_never_fail()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < Rounds; round++)
        {
            var name = $"doomed-{round}";
            var tag = await (await account.Client.PostAsJsonAsync("/api/v1/tags/", new { name })).JsonAsync();
            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => i == Parallel / 2
                ? clients[i % clients.Count].DeleteAsync($"/api/v1/tags/{tag["id"]}")
                : clients[i % clients.Count].PostAsJsonAsync("/api/v1/contacts/", new { first_name = $"D{i}", last_name = $"Round{round}", tags = new[] { name } })));

            Assert.Equal(HttpStatusCode.NoContent, responses[Parallel / 2].StatusCode);
            await AssertAllAsync(responses.Where((_, i) => i != Parallel / 2).ToArray(), HttpStatusCode.Created);
            // Contacts created after the delete carry a new tag of that name; those before lost it with the old one.
            var now = await TagsNamedAsync(account, name);
            var carrying = 0;
            foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.Created))
            {
                var id = (await response.JsonAsync())["id"]!.GetValue<Guid>();
                carrying += Names((await (await account.Client.GetAsync($"/api/v1/contacts/{id}")).JsonAsync())["tags"]).Count;
            }
            Assert.Equal(carrying == 0 ? 0 : 1, now.Count);
            Assert.Equal(carrying, now.Count == 0 ? 0 : now[0]!["contact_count"]!.GetValue<int>());
        }
    }
}

public sealed class TagConcurrencyTestsOnSqlite(SqliteApiFactory api) : TagConcurrencyTests(api), IClassFixture<SqliteApiFactory>;

public sealed class TagConcurrencyTestsOnPostgres(PostgresApiFactory api) : TagConcurrencyTests(api), IClassFixture<PostgresApiFactory>;
