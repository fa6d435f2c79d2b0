using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Auth;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Network;

/// <summary>
/// The pruned walk against a brute-force search over the same graph: every simple path of up to
/// three hops, ranked by the documented rules. Relationships are made on a host whose clock moves
/// a millisecond per write, so every relationship has its own time and the ranking is total.
/// </summary>
public abstract class IntroPathSearchTests(PlugsApiFactory api)
{
    private static readonly string[] Types = ["knows", "works_with", "reports_to", "friend", "mentor", "client_of", "introduced_by"];

    private sealed record Edge(Guid Id, Guid From, Guid To, int Strength, DateTime UpdatedAt);

    private sealed record Path(IReadOnlyList<Guid> Contacts, IReadOnlyList<Edge> Edges)
    {
        public int ScoreKey => Edges.Aggregate(1, (p, e) => p * e.Strength) * (int)Math.Pow(5, 3 - Edges.Count);

        public DateTime Freshness => Edges.Min(e => e.UpdatedAt);

        public string Describe() => $"{string.Join('>', Contacts)} {ScoreKey} [{string.Join(',', Edges.Select(e => e.Id))}]";
    }

    private sealed class Graph(HttpClient client)
    {
        public HttpClient Client { get; } = client;
        public Dictionary<Guid, string> Types { get; } = [];
        public List<Edge> Edges { get; } = [];
    }

    private static async Task<Graph> BuildAsync(FakeClockHost host, Account account, string[] types, IEnumerable<(int From, int To, int Strength, string Type)> edges)
    {
        var graph = new Graph(host.CreateClient());
        graph.Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", account.AccessToken);
        var ids = new List<Guid>();
        for (var i = 0; i < types.Length; i++)
        {
            var created = await graph.Client.PostAsJsonAsync("/api/v1/contacts", new { first_name = $"C{i}", last_name = "Graph", contact_type = types[i] });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.JsonAsync())["id"]!.GetValue<Guid>();
            ids.Add(id);
            graph.Types[id] = types[i];
        }
        foreach (var (from, to, strength, type) in edges)
        {
            host.Clock.Advance(TimeSpan.FromMilliseconds(1));
            var response = await graph.Client.PostAsJsonAsync($"/api/v1/contacts/{ids[from]}/relationships",
                new { to_contact_id = ids[to], relationship_type = type, strength });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = await response.JsonAsync();
            graph.Edges.Add(new Edge(body["id"]!.GetValue<Guid>(), ids[from], ids[to], strength, body["updated_at"]!.GetValue<DateTime>().ToUniversalTime()));
        }
        return graph;
    }

    /// <summary>Every simple path from a plug or contact to <paramref name="target"/>, through the best edge of each pair, ranked as documented.</summary>
    private static List<Path> BruteForce(Graph graph, Guid target, int maxHops)
    {
        var best = graph.Edges
            .GroupBy(e => Key(e.From, e.To))
            .Select(g => g.OrderByDescending(e => e.Strength).ThenByDescending(e => e.UpdatedAt).First())
            .ToList();
        var neighbours = best.SelectMany(e => new[] { (At: e.From, Other: e.To, Edge: e), (At: e.To, Other: e.From, Edge: e) })
            .ToLookup(x => x.At);
        var found = new List<Path>();
        void Walk(List<Guid> fromTarget, List<Edge> edges)
        {
            if (edges.Count > 0 && graph.Types[fromTarget[^1]] is "plug" or "contact")
            {
                found.Add(new Path([.. Enumerable.Reverse(fromTarget)], [.. Enumerable.Reverse(edges)]));
            }
            if (edges.Count == maxHops)
            {
                return;
            }
            foreach (var (_, other, edge) in neighbours[fromTarget[^1]])
            {
                if (!fromTarget.Contains(other))
                {
                    Walk([.. fromTarget, other], [.. edges, edge]);
                }
            }
        }
        Walk([target], []);
        return found
            .OrderByDescending(p => p.ScoreKey).ThenBy(p => p.Edges.Count).ThenByDescending(p => p.Freshness)
            .ThenByDescending(p => p.Edges[0].UpdatedAt)
            .ThenBy(p => string.Join(',', p.Contacts.Select(c => c.ToString("D"))), StringComparer.Ordinal)
            .ToList();
    }

    private static (Guid, Guid) Key(Guid a, Guid b) => string.CompareOrdinal(a.ToString(), b.ToString()) < 0 ? (a, b) : (b, a);

    private static async Task<List<string>> AnswerAsync(Graph graph, Guid target, int maxHops, int limit)
    {
        var response = await graph.Client.GetAsync($"/api/v1/contacts/{target}/intro-paths?max_hops={maxHops}&limit={limit}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonArrayAsync()).Select(p =>
        {
            var contacts = p!["contacts"]!.AsArray().Select(c => c!["id"]!.GetValue<Guid>()).ToList();
            var edges = p["relationships"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()).ToList();
            var score = (int)Math.Round(p["score"]!.GetValue<double>() * 125);
            return $"{string.Join('>', contacts)} {score.ToString(CultureInfo.InvariantCulture)} [{string.Join(',', edges)}]";
        }).ToList();
    }

    private static async Task AssertLikeBruteForceAsync(Graph graph, Guid target, int maxHops, int limit)
    {
        var expected = BruteForce(graph, target, maxHops).Take(limit).Select(p => p.Describe()).ToList();
        Assert.Equal(expected, await AnswerAsync(graph, target, maxHops, limit));
    }

    [Fact]
    public async Task On_a_random_small_graph_the_answer_is_the_exhaustive_one()
    {
        var account = await api.RegisterAsync();
        await using var host = new FakeClockHost(api);
        var random = new Random(1213);
        string[] kinds = ["target", "contact", "plug"];
        var types = Enumerable.Range(0, 14).Select(_ => kinds[random.Next(kinds.Length)]).ToArray();
        var edges = new List<(int, int, int, string)>();
        var used = new HashSet<(int, int, string)>();
        while (edges.Count < 40)
        {
            var (a, b) = (random.Next(types.Length), random.Next(types.Length));
            var type = Types[random.Next(Types.Length)];
            if (a != b && used.Add((Math.Min(a, b), Math.Max(a, b), type)))
            {
                edges.Add((a, b, random.Next(1, 6), type));
            }
        }
        var graph = await BuildAsync(host, account, types, edges);

        foreach (var target in graph.Types.Keys)
        {
            foreach (var (hops, limit) in new[] { (3, 50), (3, 5), (3, 1), (2, 50), (2, 3), (1, 50) })
            {
                await AssertLikeBruteForceAsync(graph, target, hops, limit);
            }
        }
    }

    [Fact]
    public async Task On_a_32_contact_clique_the_top_paths_are_the_true_best()
    {
        var account = await api.RegisterAsync();
        await using var host = new FakeClockHost(api);
        var random = new Random(32);
        var types = Enumerable.Range(0, 32).Select(i => i % 8 == 7 ? "target" : "plug").ToArray();
        var edges = new List<(int, int, int, string)>();
        for (var a = 0; a < types.Length; a++)
        {
            for (var b = a + 1; b < types.Length; b++)
            {
                edges.Add(random.Next(2) == 0 ? (a, b, random.Next(1, 6), "knows") : (b, a, random.Next(1, 6), "knows"));
            }
        }
        var graph = await BuildAsync(host, account, types, edges);

        foreach (var target in graph.Types.Keys.Take(4))
        {
            await AssertLikeBruteForceAsync(graph, target, 3, 5);
            await AssertLikeBruteForceAsync(graph, target, 3, 50);
        }
    }

    /// <summary>A clique of targets that only one plug, two hops out, reaches: no short path raises the bar, so every partial path is extended.</summary>
    [Fact]
    public async Task A_clique_of_targets_behind_one_plug_is_searched_in_full()
    {
        var account = await api.RegisterAsync();
        await using var host = new FakeClockHost(api);
        var random = new Random(7);
        var types = Enumerable.Range(0, 12).Select(_ => "target").Append("plug").Append("contact").ToArray();
        var edges = new List<(int, int, int, string)>();
        for (var a = 0; a < 12; a++)
        {
            for (var b = a + 1; b < 12; b++)
            {
                edges.Add((a, b, random.Next(1, 6), "works_with"));
            }
        }
        edges.Add((12, 3, 5, "knows"));
        edges.Add((13, 12, 4, "friend"));
        var graph = await BuildAsync(host, account, types, edges);

        foreach (var target in graph.Types.Keys.Take(5))
        {
            await AssertLikeBruteForceAsync(graph, target, 3, 50);
            await AssertLikeBruteForceAsync(graph, target, 3, 2);
        }
    }
}

public sealed class IntroPathSearchTestsOnSqlite(SqliteApiFactory api) : IntroPathSearchTests(api), IClassFixture<SqliteApiFactory>;

public sealed class IntroPathSearchTestsOnPostgres(PostgresApiFactory api) : IntroPathSearchTests(api), IClassFixture<PostgresApiFactory>;
