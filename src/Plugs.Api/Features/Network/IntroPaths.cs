using Plugs.Api.Features.Contacts;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Plugs.Data.Network;

namespace Plugs.Api.Features.Network;

/// <summary><c>GET /contacts/{id}/intro-paths</c>: who can get us to this contact, best warm path first.</summary>
public static class IntroPaths
{
    /// <summary>The score's integer form in <see cref="IntroPathQuery"/> scales by 5^(3 − hops): raise both together.</summary>
    public const int MaxHops = 3;
    public const int DefaultLimit = 5;
    public const int MaxLimit = 50;

    public sealed record PathRelationship(
        Guid Id, Guid FromContactId, Guid ToContactId, RelationshipType RelationshipType, int Strength, DateTime UpdatedAt);

    /// <summary>One path: <c>contacts</c> run from the starting plug or contact to the target; <c>relationships[i]</c> links <c>contacts[i]</c> and <c>contacts[i+1]</c>.</summary>
    public sealed record IntroPathResponse(int Hops, double Score, IReadOnlyList<ContactSummary> Contacts, IReadOnlyList<PathRelationship> Relationships);

    /// <summary>
    /// The best warm paths of 1 to <c>max_hops</c> (1–3, default 3) relationships from one of the
    /// organization's plugs or known contacts (<c>contact_type</c> <c>plug</c> or <c>contact</c>) to
    /// this contact, at most <c>limit</c> (1–50, default 5) of them. Relationships count in both
    /// directions; no contact appears twice on a path; deleted contacts and relationships are not used.
    /// Ranking: <c>score</c> = the product over the path of <c>strength / 5</c> (in (0, 1]; every
    /// extra hop can only lower it), highest first; ties go to fewer hops, then to the path whose
    /// least recently updated relationship is the most recent. Between the same contacts, only the
    /// best-scoring choice of relationships is listed. Computed in the database with a recursive CTE.
    /// </summary>
    public static async Task<Ok<List<IntroPathResponse>>> HandleAsync(
        Guid contactId, [FromQuery(Name = "max_hops")] int? maxHops, [FromQuery(Name = "limit")] int? limit,
        PlugsDbContext db, CancellationToken ct)
    {
        var hops = maxHops ?? MaxHops;
        var take = limit ?? DefaultLimit;
        if (hops is < 1 or > MaxHops)
        {
            throw ValidationProblemException.For("max_hops", $"Must be between 1 and {MaxHops}.");
        }
        if (take is < 1 or > MaxLimit)
        {
            throw ValidationProblemException.For("limit", $"Must be between 1 and {MaxLimit}.");
        }
        await db.EnsureContactsExistAsync([contactId], ct);

        var rows = await IntroPathQuery.BestPathsAsync(db, contactId, hops, take, ct);
        var contactIds = rows.SelectMany(r => r.ContactIds).Distinct().ToList();
        var relationshipIds = rows.SelectMany(r => r.RelationshipIds).Distinct().ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id))
            .Select(c => new ContactSummary(c.Id, c.FirstName, c.LastName, c.ContactType)).ToDictionaryAsync(c => c.Id, ct);
        var relationships = await db.ContactRelationships.AsNoTracking().Where(r => relationshipIds.Contains(r.Id))
            .Select(r => new PathRelationship(r.Id, r.FromContactId, r.ToContactId, r.RelationshipType, r.Strength, r.UpdatedAt))
            .ToDictionaryAsync(r => r.Id, ct);

        // A contact or relationship deleted between the two reads drops its path rather than half-showing it.
        var paths = rows
            .Where(r => r.ContactIds.All(contacts.ContainsKey) && r.RelationshipIds.All(relationships.ContainsKey))
            .Select(r => new IntroPathResponse(
                r.Hops, r.Score, r.ContactIds.Select(id => contacts[id]).ToList(), r.RelationshipIds.Select(id => relationships[id]).ToList()))
            .ToList();
        return TypedResults.Ok(paths);
    }
}

/// <summary>The recursive walk itself, written once for PostgreSQL and SQLite.</summary>
internal static class IntroPathQuery
{
    /// <summary>A result row of the walk. The paths are comma-separated ids from the target outwards.</summary>
    internal sealed record WalkRow(string NodePath, string RelationshipPath, int Hops, int ScoreKey)
    {
        /// <summary>From the starting plug or contact to the target.</summary>
        public IReadOnlyList<Guid> ContactIds => Ids(NodePath);

        public IReadOnlyList<Guid> RelationshipIds => Ids(RelationshipPath);

        /// <summary><c>score_key</c> is Π strength × 5^(3 − hops), an integer out of 125: exact on both engines.</summary>
        public double Score => Math.Round(ScoreKey / 125.0, 4);

        private static List<Guid> Ids(string path) =>
            path.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => Guid.Parse(id, CultureInfo.InvariantCulture)).Reverse().ToList();
    }

    /// <remarks>
    /// The walk starts at the target and follows relationships in either direction, so each step is
    /// an index lookup on <c>(organization_id, from_contact_id)</c> or <c>(organization_id, to_contact_id)</c>
    /// for the current contact only; the graph is never read whole. The path string is the visited
    /// set (a contact already on it is never entered again), and uuids hold no LIKE wildcards. Raw
    /// SQL escapes the EF query filters: the organization and soft-delete conditions are explicit
    /// here (RLS also applies on PostgreSQL). The last hop must land on a plug or contact, which
    /// prunes the widest level of the walk.
    /// </remarks>
    public static Task<List<WalkRow>> BestPathsAsync(PlugsDbContext db, Guid targetId, int maxHops, int limit, CancellationToken ct)
    {
        var org = db.Tenant.RequiredOrganizationId;
        return db.Database.SqlQuery<WalkRow>($"""
            WITH RECURSIVE walk (node_id, node_type, hops, node_path, relationship_path, product, freshness) AS (
                SELECT t.id, t.contact_type, 0, CAST(t.id AS TEXT), CAST('' AS TEXT), 1, t.updated_at
                FROM contacts t
                WHERE t.id = {targetId} AND t.organization_id = {org} AND NOT t.is_deleted
                UNION ALL
                SELECT n.id, n.contact_type, w.hops + 1,
                       w.node_path || ',' || CAST(n.id AS TEXT),
                       w.relationship_path || ',' || CAST(r.id AS TEXT),
                       w.product * r.strength,
                       CASE WHEN w.hops = 0 OR r.updated_at < w.freshness THEN r.updated_at ELSE w.freshness END
                FROM walk w
                JOIN contact_relationships r
                  ON (r.from_contact_id = w.node_id OR r.to_contact_id = w.node_id)
                 AND r.organization_id = {org} AND NOT r.is_deleted
                JOIN contacts n
                  ON n.id = CASE WHEN r.from_contact_id = w.node_id THEN r.to_contact_id ELSE r.from_contact_id END
                 AND n.organization_id = {org} AND NOT n.is_deleted
                WHERE w.hops < {maxHops}
                  AND w.node_path NOT LIKE ('%' || CAST(n.id AS TEXT) || '%')
                  AND (w.hops + 1 < {maxHops} OR n.contact_type IN ('plug', 'contact'))
            ),
            ranked AS (
                SELECT node_path, relationship_path, hops, freshness,
                       product * CASE hops WHEN 1 THEN 25 WHEN 2 THEN 5 ELSE 1 END AS score_key,
                       ROW_NUMBER() OVER (PARTITION BY node_path ORDER BY product DESC, freshness DESC, relationship_path) AS variant
                FROM walk
                WHERE hops > 0 AND node_type IN ('plug', 'contact')
            )
            SELECT node_path, relationship_path, hops, score_key
            FROM ranked
            WHERE variant = 1
            ORDER BY score_key DESC, hops, freshness DESC, node_path
            LIMIT {limit}
            """).ToListAsync(ct);
    }
}
