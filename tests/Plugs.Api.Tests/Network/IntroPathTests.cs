using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Network.NetworkApi;

namespace Plugs.Api.Tests.Network;

public abstract class IntroPathTests(PlugsApiFactory api)
{
    /// <summary>
    /// T is the target. P (plug) knows A strongly and A knows T (plus a weaker second edge A→T);
    /// A–B–P closes a cycle; K (contact) and Q (plug) know T directly, K better than Q; a strong
    /// chain C–D1–D2–D3–T is four hops long; only plugs and contacts may start a path.
    /// </summary>
    private sealed record Graph(Account Account, Dictionary<string, Guid> Contacts, Dictionary<string, Guid> Edges)
    {
        public Guid Id(string name) => Contacts[name];

        public string Name(Guid id) => Contacts.Single(c => c.Value == id).Key;
    }

    private async Task<Graph> BuildAsync()
    {
        var account = await api.RegisterAsync();
        var contacts = new Dictionary<string, Guid>();
        foreach (var (name, type) in new[] { ("T", "target"), ("P", "plug"), ("A", "target"), ("B", "target"), ("K", "contact"), ("Q", "plug"),
                     ("C", "plug"), ("D1", "target"), ("D2", "target"), ("D3", "target") })
        {
            contacts[name] = await ContactAsync(account, name, type);
        }
        var edges = new Dictionary<string, Guid>();
        foreach (var (from, to, strength, type) in new[]
                 {
                     ("P", "A", 5, "knows"), ("T", "A", 4, "works_with"), ("A", "T", 2, "friend"), ("A", "B", 5, "friend"),
                     ("B", "P", 5, "knows"), ("K", "T", 3, "knows"), ("Q", "T", 2, "knows"),
                     ("C", "D1", 5, "knows"), ("D1", "D2", 5, "knows"), ("D2", "D3", 5, "knows"), ("D3", "T", 5, "knows"),
                 })
        {
            edges[$"{from}-{to}"] = await RelationshipAsync(account, contacts[from], contacts[to], strength, type);
        }
        return new Graph(account, contacts, edges);
    }

    private static async Task<JsonArray> PathsAsync(Graph graph, string query = "")
    {
        var response = await graph.Account.Client.GetAsync($"/api/v1/contacts/{graph.Id("T")}/intro-paths{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonArrayAsync();
    }

    /// <summary>Each path as "P>A>T 0.8", in the order the API ranked them.</summary>
    private static List<string> Describe(Graph graph, JsonArray paths) => paths.Select(p =>
    {
        var names = p!["contacts"]!.AsArray().Select(c => graph.Name(c!["id"]!.GetValue<Guid>()));
        return $"{string.Join('>', names)} {p["score"]!.GetValue<double>().ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }).ToList();

    [Fact]
    public async Task Paths_are_ranked_by_strength_product_then_hops_within_three_hops_without_cycles()
    {
        var graph = await BuildAsync();
        var paths = await PathsAsync(graph);
        Assert.Equal(["P>A>T 0.8", "P>B>A>T 0.8", "K>T 0.6", "Q>T 0.4"], Describe(graph, paths));

        var best = paths[0]!;
        Assert.Equal(2, best["hops"]!.GetValue<int>());
        Assert.Equal([graph.Edges["P-A"], graph.Edges["T-A"]], best["relationships"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()));
        Assert.Equal(["knows", "works_with"], best["relationships"]!.AsArray().Select(r => r!["relationship_type"]!.GetValue<string>()));
        Assert.Equal([5, 4], best["relationships"]!.AsArray().Select(r => r!["strength"]!.GetValue<int>()));
        var start = best["contacts"]![0]!;
        Assert.Equal("P", start["first_name"]!.GetValue<string>());
        Assert.Equal("Test", start["last_name"]!.GetValue<string>());
        Assert.Equal("plug", start["contact_type"]!.GetValue<string>());
        Assert.Equal(3, paths[1]!["hops"]!.GetValue<int>());
        foreach (var path in paths)
        {
            var ids = path!["contacts"]!.AsArray().Select(c => c!["id"]!.GetValue<Guid>()).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Equal(path["hops"]!.GetValue<int>(), path["relationships"]!.AsArray().Count);
            Assert.Equal(graph.Id("T"), ids[^1]);
        }
    }

    [Fact]
    public async Task Max_hops_and_limit_bound_the_answer()
    {
        var graph = await BuildAsync();
        Assert.Equal(["K>T 0.6", "Q>T 0.4"], Describe(graph, await PathsAsync(graph, "?max_hops=1")));
        Assert.Equal(["P>A>T 0.8", "K>T 0.6", "Q>T 0.4"], Describe(graph, await PathsAsync(graph, "?max_hops=2")));
        Assert.Equal(["P>A>T 0.8", "P>B>A>T 0.8"], Describe(graph, await PathsAsync(graph, "?limit=2")));

        // The chain is real: once D1 is a known contact it is a 3-hop path of full strength.
        var patched = await graph.Account.Client.PatchAsJsonAsync($"/api/v1/contacts/{graph.Id("D1")}", new { contact_type = "contact" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(["D1>D2>D3>T 1", "P>A>T 0.8", "P>B>A>T 0.8", "K>T 0.6", "Q>T 0.4"], Describe(graph, await PathsAsync(graph)));
        Assert.DoesNotContain(await PathsAsync(graph, "?limit=50"), p => p!["contacts"]!.AsArray().Any(c => c!["id"]!.GetValue<Guid>() == graph.Id("C")));
    }

    [Fact]
    public async Task Deleted_relationships_and_contacts_leave_the_paths()
    {
        var graph = await BuildAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await graph.Account.Client.DeleteAsync($"/api/v1/relationships/{graph.Edges["P-A"]}")).StatusCode);
        Assert.Equal(["P>B>A>T 0.8", "K>T 0.6", "Q>T 0.4"], Describe(graph, await PathsAsync(graph)));

        // With the strong A→T edge gone, the weaker one (strength 2) carries the path through A,
        // and it now ties with Q's direct path: the shorter one goes first.
        Assert.Equal(HttpStatusCode.NoContent, (await graph.Account.Client.DeleteAsync($"/api/v1/relationships/{graph.Edges["T-A"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await graph.Account.Client.DeleteAsync($"/api/v1/contacts/{graph.Id("K")}")).StatusCode);
        var paths = await PathsAsync(graph);
        Assert.Equal(["Q>T 0.4", "P>B>A>T 0.4"], Describe(graph, paths));
        Assert.Equal(graph.Edges["A-T"], paths[1]!["relationships"]![2]!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Equal_paths_prefer_the_more_recently_updated_relationships()
    {
        var account = await api.RegisterAsync();
        var target = await ContactAsync(account, "T");
        var (x, y) = (await ContactAsync(account, "X", "plug"), await ContactAsync(account, "Y", "plug"));
        var xEdge = await RelationshipAsync(account, x, target, 3);
        await RelationshipAsync(account, target, y, 3);

        async Task<List<Guid>> Starts() => (await (await account.Client.GetAsync($"/api/v1/contacts/{target}/intro-paths")).JsonArrayAsync())
            .Select(p => p!["contacts"]![0]!["id"]!.GetValue<Guid>()).ToList();
        Assert.Equal([y, x], await Starts());
        Assert.Equal(HttpStatusCode.OK, (await account.Client.PatchAsJsonAsync($"/api/v1/relationships/{xEdge}", new { notes = "caught up last week" })).StatusCode);
        Assert.Equal([x, y], await Starts());
    }

    [Fact]
    public async Task A_target_nobody_knows_has_no_paths()
    {
        var account = await api.RegisterAsync();
        var target = await ContactAsync(account, "Alone");
        await RelationshipAsync(account, target, await ContactAsync(account, "Other target"), 5);
        Assert.Empty(await (await account.Client.GetAsync($"/api/v1/contacts/{target}/intro-paths")).JsonArrayAsync());
    }

    [Theory]
    [InlineData("max_hops=0", "max_hops")]
    [InlineData("max_hops=4", "max_hops")]
    [InlineData("max_hops=two", "max_hops")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=51", "limit")]
    [InlineData("limit=-1", "limit")]
    public async Task Out_of_range_parameters_are_422(string query, string field)
    {
        var account = await api.RegisterAsync();
        var target = await ContactAsync(account, "T");
        var problem = await (await account.Client.GetAsync($"/api/v1/contacts/{target}/intro-paths?{query}")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Another_organizations_target_is_404_and_its_graph_stays_out_of_sight()
    {
        var graph = await BuildAsync();
        var mine = await api.RegisterAsync();
        await (await mine.Client.GetAsync($"/api/v1/contacts/{graph.Id("T")}/intro-paths")).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.GetAsync($"/api/v1/contacts/{Guid.NewGuid()}/intro-paths")).ProblemAsync(HttpStatusCode.NotFound);

        // My own target, linked to my plug, sees only my edge.
        var (target, plug) = (await ContactAsync(mine, "T"), await ContactAsync(mine, "P", "plug"));
        await RelationshipAsync(mine, plug, target, 4);
        var paths = await (await mine.Client.GetAsync($"/api/v1/contacts/{target}/intro-paths")).JsonArrayAsync();
        Assert.Equal([plug], paths.Select(p => p!["contacts"]![0]!["id"]!.GetValue<Guid>()));
        Assert.Equal(4, Describe(graph, await PathsAsync(graph)).Count);
    }

    [Fact]
    public async Task Without_a_token_intro_paths_are_401()
    {
        using var anonymous = api.CreateAnonymousClient();
        await (await anonymous.GetAsync($"/api/v1/contacts/{Guid.NewGuid()}/intro-paths")).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class IntroPathTestsOnSqlite(SqliteApiFactory api) : IntroPathTests(api), IClassFixture<SqliteApiFactory>;

public sealed class IntroPathTestsOnPostgres(PostgresApiFactory api) : IntroPathTests(api), IClassFixture<PostgresApiFactory>;
