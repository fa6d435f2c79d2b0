using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Plugs.Bench;

/// <summary>
/// A warm-introduction graph for the network scenario, with binary COPY, in the organization
/// <c>--organization</c> (registered through the API): <c>--contacts</c> contacts (half targets, a
/// third known contacts, a sixth plugs) joined by random relationships of average degree
/// <c>--degree</c> (random types and strengths 1–5, at most one per pair and type), a separate
/// clique of <c>--clique</c> plugs (every pair related once), and <c>--interactions</c>
/// interactions per contact of the big graph. Deterministic (seeded random); runs as a superuser
/// (COPY bypasses row-level security).
/// </summary>
public static class NetworkSeeder
{
    private static readonly string[] Types = ["target", "target", "target", "contact", "contact", "plug"];
    private static readonly string[] RelationshipTypes = ["knows", "works_with", "reports_to", "friend", "mentor", "client_of", "introduced_by"];
    private static readonly string[] Symmetric = ["knows", "works_with", "friend"];
    private static readonly string[] InteractionTypes = ["meeting", "call", "email", "linkedin", "event", "follow_up"];

    public static async Task<int> RunAsync(Options options)
    {
        var organization = Guid.Parse(options.Get("organization"));
        var count = options.Number("contacts", 1000);
        var degree = options.Number("degree", 20);
        var clique = options.Number("clique", 32);
        var interactions = options.Number("interactions", 10);
        var random = new Random(20);
        var clock = Stopwatch.StartNew();
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        await using var db = await NpgsqlDataSource.Create(options.Get("connection")).OpenConnectionAsync();
        await using var ownerQuery = new NpgsqlCommand("SELECT id FROM users WHERE organization_id = $1 ORDER BY created_at LIMIT 1", db) { Parameters = { new() { Value = organization } } };
        var owner = (Guid)(await ownerQuery.ExecuteScalarAsync())!;

        var graph = Enumerable.Range(0, count).Select(i => (Id: Guid.CreateVersion7(start.AddMinutes(i)), Type: Types[random.Next(Types.Length)], Name: $"Graph {i}")).ToList();
        var plugs = Enumerable.Range(0, clique).Select(i => (Id: Guid.CreateVersion7(start.AddMinutes(count + i)), Type: "plug", Name: $"Clique {i}")).ToList();
        await CopyContactsAsync(db, organization, owner, [.. graph, .. plugs], start);

        var edges = new List<(Guid From, Guid To, string Type)>();
        var used = new HashSet<(Guid, Guid, string)>();
        while (edges.Count < count * degree / 2)
        {
            var (a, b) = (graph[random.Next(count)].Id, graph[random.Next(count)].Id);
            var type = RelationshipTypes[random.Next(RelationshipTypes.Length)];
            // One row per pair for the symmetric types, as the API stores them.
            var key = Symmetric.Contains(type) && a.CompareTo(b) > 0 ? (b, a, type) : (a, b, type);
            if (a != b && used.Add(key))
            {
                edges.Add((a, b, type));
            }
        }
        for (var a = 0; a < clique; a++)
        {
            for (var b = a + 1; b < clique; b++)
            {
                edges.Add(random.Next(2) == 0 ? (plugs[a].Id, plugs[b].Id, "knows") : (plugs[b].Id, plugs[a].Id, "knows"));
            }
        }
        await CopyRelationshipsAsync(db, organization, owner, edges, random, start);
        await CopyInteractionsAsync(db, organization, owner, graph.Select(c => c.Id).ToList(), interactions, random, start);

        foreach (var table in new[] { "contacts", "contact_relationships", "contact_interactions" })
        {
            await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE {table}", db) { CommandTimeout = 600 };
            await analyze.ExecuteNonQueryAsync();
        }
        Console.WriteLine($"seeded network: {count} contacts, {edges.Count} relationships ({clique}-plug clique included), {count * interactions} interactions in {organization}, in {clock.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }

    private static async Task CopyContactsAsync(NpgsqlConnection db, Guid organization, Guid user, List<(Guid Id, string Type, string Name)> contacts, DateTime start)
    {
        await using var writer = await db.BeginBinaryImportAsync("""
            COPY contacts (id, organization_id, created_by, updated_by, first_name, last_name, contact_type, status, priority,
                           metadata, lead_score, created_at, updated_at, is_deleted)
            FROM STDIN (FORMAT BINARY)
            """);
        foreach (var (id, type, name) in contacts)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(organization, NpgsqlDbType.Uuid);
            await writer.WriteAsync(user, NpgsqlDbType.Uuid);
            await writer.WriteAsync(user, NpgsqlDbType.Uuid);
            await writer.WriteAsync(name.Split(' ')[0], NpgsqlDbType.Varchar);
            await writer.WriteAsync(name.Split(' ')[1], NpgsqlDbType.Varchar);
            await writer.WriteAsync(type, NpgsqlDbType.Varchar);
            await writer.WriteAsync("new_client", NpgsqlDbType.Varchar);
            await writer.WriteAsync("medium", NpgsqlDbType.Varchar);
            await writer.WriteAsync("{}", NpgsqlDbType.Jsonb);
            await writer.WriteAsync(50, NpgsqlDbType.Integer);
            await writer.WriteAsync(start, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(start, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
        }
        await writer.CompleteAsync();
    }

    private static async Task CopyRelationshipsAsync(NpgsqlConnection db, Guid organization, Guid user, List<(Guid From, Guid To, string Type)> edges, Random random, DateTime start)
    {
        await using var writer = await db.BeginBinaryImportAsync("""
            COPY contact_relationships (id, organization_id, from_contact_id, to_contact_id, relationship_type, strength,
                                        created_by, updated_by, created_at, updated_at, is_deleted)
            FROM STDIN (FORMAT BINARY)
            """);
        foreach (var (from, to, type) in edges)
        {
            var at = start.AddSeconds(random.Next(0, 365 * 24 * 3600));
            await writer.StartRowAsync();
            await writer.WriteAsync(Guid.CreateVersion7(at), NpgsqlDbType.Uuid);
            await writer.WriteAsync(organization, NpgsqlDbType.Uuid);
            await writer.WriteAsync(from, NpgsqlDbType.Uuid);
            await writer.WriteAsync(to, NpgsqlDbType.Uuid);
            await writer.WriteAsync(type, NpgsqlDbType.Varchar);
            await writer.WriteAsync(random.Next(1, 6), NpgsqlDbType.Integer);
            await writer.WriteAsync(user, NpgsqlDbType.Uuid);
            await writer.WriteAsync(user, NpgsqlDbType.Uuid);
            await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
        }
        await writer.CompleteAsync();
    }

    private static async Task CopyInteractionsAsync(NpgsqlConnection db, Guid organization, Guid user, List<Guid> contacts, int perContact, Random random, DateTime start)
    {
        await using var writer = await db.BeginBinaryImportAsync("""
            COPY contact_interactions (id, organization_id, contact_id, user_id, interaction_type, subject, interaction_date, status,
                                       metadata, created_at, updated_at, is_deleted)
            FROM STDIN (FORMAT BINARY)
            """);
        foreach (var contact in contacts)
        {
            for (var i = 0; i < perContact; i++)
            {
                var at = start.AddMinutes(random.Next(0, 365 * 24 * 60));
                await writer.StartRowAsync();
                await writer.WriteAsync(Guid.CreateVersion7(at), NpgsqlDbType.Uuid);
                await writer.WriteAsync(organization, NpgsqlDbType.Uuid);
                await writer.WriteAsync(contact, NpgsqlDbType.Uuid);
                await writer.WriteAsync(user, NpgsqlDbType.Uuid);
                await writer.WriteAsync(InteractionTypes[random.Next(InteractionTypes.Length)], NpgsqlDbType.Varchar);
                await writer.WriteAsync($"Catch-up {i}", NpgsqlDbType.Varchar);
                await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync("completed", NpgsqlDbType.Varchar);
                await writer.WriteAsync("{}", NpgsqlDbType.Jsonb);
                await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(at, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            }
        }
        await writer.CompleteAsync();
    }
}
