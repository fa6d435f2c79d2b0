namespace Plugs.Api.Features.Network;

/// <summary>The walk behind <see cref="IntroPaths"/>, written once for PostgreSQL and SQLite.</summary>
internal static class IntroPathQuery
{
    /// <summary>
    /// One path, contacts from the start outwards (the target follows <see cref="Third"/>, or
    /// whichever is the last set); <c>score_key</c> is Π strength × 5^(3 − hops), an integer out of
    /// 125: exact on both engines.
    /// </summary>
    internal sealed record PathRow(
        int Hops, int ScoreKey, Guid Start, Guid? Second, Guid? Third,
        Guid FirstRelationship, Guid? SecondRelationship, Guid? ThirdRelationship)
    {
        public double Score => Math.Round(ScoreKey / 125.0, 4);

        public IReadOnlyList<Guid> ContactIds(Guid target) =>
            [Start, .. Second is { } second ? [second] : Array.Empty<Guid>(), .. Third is { } third ? [third] : Array.Empty<Guid>(), target];

        public IReadOnlyList<Guid> RelationshipIds =>
            [FirstRelationship, .. new[] { SecondRelationship, ThirdRelationship }.OfType<Guid>()];
    }

    /// <remarks>
    /// The walk starts at the target <c>t</c> and has one level per hop; each level looks up only
    /// the edges of the contacts the level before reached (<c>l1e</c>, <c>l2e</c>, <c>l3e</c>: an
    /// index lookup on <c>(organization_id, from_contact_id)</c> and one on
    /// <c>(organization_id, to_contact_id)</c>, as a UNION ALL rather than an OR, which SQLite's
    /// planner turned into a scan of the organization's edges per contact), so the graph is never
    /// read whole. Every step is <c>MATERIALIZED</c> (PostgreSQL 12+, SQLite 3.35+): computed once,
    /// where SQLite otherwise re-ran a later step's subquery for every row joined to it (a
    /// 32-contact clique took 16 s). Between two contacts only the best edge counts (strongest,
    /// then most recently updated), so a pair with several relationships is one step.
    /// <list type="number">
    /// <item><c>l1</c>: the target's neighbours <c>y</c>; <c>l2</c>: their neighbours <c>x ≠ t</c>.
    /// The one- and two-hop paths (<c>short</c>) are all there are of them: at most deg(t)² rows.</item>
    /// <item><c>bar</c>: the <c>limit</c>-th best score among them (0 when there are fewer). A
    /// three-hop path s–x–y–t ranks only when its score beats it (a tie goes to the shorter path),
    /// and its score is at most that of x–y–t times a full-strength last hop, so only the partial
    /// paths that could still beat the bar (<c>reach</c>) are extended.</item>
    /// <item><c>starts</c>: for each such <c>x</c> (each once, however many y lead to it), its best
    /// <c>limit + 1</c> plugs and contacts other than the target, in the order the final ranking
    /// gives them for any fixed x–y–t (strength, then the edge's recency, then id): one of them
    /// may be <c>y</c> itself, so the best <c>limit</c> completions of every x–y–t are among them.</item>
    /// </list>
    /// Both cuts drop only paths that at least <c>limit</c> kept paths outrank, so the answer is
    /// the exhaustive one (IntroPathTests hold it to a brute-force search), and the work is bounded
    /// by the edges of the contacts within two hops and <c>limit + 1</c> starts per partial path
    /// instead of every three-hop path (deg³: 27,000 on a 32-contact clique).
    /// Raw SQL escapes the EF query filters: the organization and soft-delete conditions are
    /// explicit here (RLS also applies on PostgreSQL). NULLs sort differently on the two engines,
    /// but only between paths of the same length, which have the same NULL columns.
    /// </remarks>
    public static Task<List<PathRow>> BestPathsAsync(PlugsDbContext db, Guid targetId, int maxHops, int limit, CancellationToken ct)
    {
        var org = db.Tenant.RequiredOrganizationId;
        return db.Database.SqlQuery<PathRow>($"""
            WITH
            l1e AS MATERIALIZED (
                SELECT r.to_contact_id AS other, r.id AS rid, r.strength AS w, r.updated_at AS f
                FROM contact_relationships r
                WHERE r.organization_id = {org} AND NOT r.is_deleted AND r.from_contact_id = {targetId}
                UNION ALL
                SELECT r.from_contact_id, r.id, r.strength, r.updated_at
                FROM contact_relationships r
                WHERE r.organization_id = {org} AND NOT r.is_deleted AND r.to_contact_id = {targetId}
            ),
            l1 AS MATERIALIZED (
                SELECT y, y_type, r1, w1, f1 FROM (
                    SELECT n.id AS y, n.contact_type AS y_type, e.rid AS r1, e.w AS w1, e.f AS f1,
                           ROW_NUMBER() OVER (PARTITION BY n.id ORDER BY e.w DESC, e.f DESC, e.rid) AS pick
                    FROM l1e e
                    JOIN contacts n ON n.id = e.other AND n.organization_id = {org} AND NOT n.is_deleted
                    WHERE EXISTS (SELECT 1 FROM contacts t WHERE t.id = {targetId} AND t.organization_id = {org} AND NOT t.is_deleted)
                ) AS edge
                WHERE pick = 1
            ),
            l2e AS MATERIALIZED (
                SELECT l1.y, l1.r1, l1.w1, l1.f1, r.to_contact_id AS other, r.id AS rid, r.strength AS w, r.updated_at AS f
                FROM l1 JOIN contact_relationships r
                  ON r.organization_id = {org} AND NOT r.is_deleted AND r.from_contact_id = l1.y
                WHERE {maxHops} >= 2
                UNION ALL
                SELECT l1.y, l1.r1, l1.w1, l1.f1, r.from_contact_id, r.id, r.strength, r.updated_at
                FROM l1 JOIN contact_relationships r
                  ON r.organization_id = {org} AND NOT r.is_deleted AND r.to_contact_id = l1.y
                WHERE {maxHops} >= 2
            ),
            l2 AS MATERIALIZED (
                SELECT y, x, x_type, r1, r2, w1 * w2 AS p2, f2, CASE WHEN f2 < f1 THEN f2 ELSE f1 END AS f12 FROM (
                    SELECT e.y, n.id AS x, n.contact_type AS x_type, e.r1, e.rid AS r2, e.w1, e.w AS w2, e.f1, e.f AS f2,
                           ROW_NUMBER() OVER (PARTITION BY e.y, n.id ORDER BY e.w DESC, e.f DESC, e.rid) AS pick
                    FROM l2e e
                    JOIN contacts n ON n.id = e.other AND n.id <> {targetId} AND n.organization_id = {org} AND NOT n.is_deleted
                ) AS edge
                WHERE pick = 1
            ),
            short AS MATERIALIZED (
                SELECT 1 AS hops, w1 * 25 AS score_key, f1 AS freshness, f1 AS start_freshness, y AS start, NULL AS second, r1 AS first_relationship, NULL AS second_relationship
                FROM l1 WHERE y_type IN ('plug', 'contact')
                UNION ALL
                SELECT 2, p2 * 5, f12, f2, x, y, r2, r1
                FROM l2 WHERE x_type IN ('plug', 'contact')
            ),
            bar AS MATERIALIZED (
                SELECT COALESCE((SELECT score_key FROM short ORDER BY score_key DESC LIMIT 1 OFFSET {limit - 1}), 0) AS score_key
            ),
            reach AS MATERIALIZED (
                SELECT l2.y, l2.x, l2.r1, l2.r2, l2.p2, l2.f12
                FROM l2 CROSS JOIN bar
                WHERE {maxHops} >= 3 AND l2.p2 * 5 > bar.score_key
            ),
            middles AS MATERIALIZED (
                SELECT DISTINCT x FROM reach
            ),
            l3e AS MATERIALIZED (
                SELECT m.x, r.to_contact_id AS other, r.id AS rid, r.strength AS w, r.updated_at AS f
                FROM middles m JOIN contact_relationships r
                  ON r.organization_id = {org} AND NOT r.is_deleted AND r.from_contact_id = m.x
                UNION ALL
                SELECT m.x, r.from_contact_id, r.id, r.strength, r.updated_at
                FROM middles m JOIN contact_relationships r
                  ON r.organization_id = {org} AND NOT r.is_deleted AND r.to_contact_id = m.x
            ),
            starts AS MATERIALIZED (
                SELECT x, s, r3, w3, f3 FROM (
                    SELECT x, s, r3, w3, f3, ROW_NUMBER() OVER (PARTITION BY x ORDER BY w3 DESC, f3 DESC, s) AS place FROM (
                        SELECT e.x, n.id AS s, e.rid AS r3, e.w AS w3, e.f AS f3,
                               ROW_NUMBER() OVER (PARTITION BY e.x, n.id ORDER BY e.w DESC, e.f DESC, e.rid) AS pick
                        FROM l3e e
                        JOIN contacts n
                          ON n.id = e.other AND n.id <> {targetId} AND n.contact_type IN ('plug', 'contact')
                         AND n.organization_id = {org} AND NOT n.is_deleted
                    ) AS edge
                    WHERE pick = 1
                ) AS ranked
                WHERE place <= {limit + 1}
            ),
            paths AS (
                SELECT hops, score_key, freshness, start_freshness, start, second, NULL AS third, first_relationship, second_relationship, NULL AS third_relationship
                FROM short
                UNION ALL
                SELECT 3, reach.p2 * starts.w3, CASE WHEN starts.f3 < reach.f12 THEN starts.f3 ELSE reach.f12 END, starts.f3,
                       starts.s, reach.x, reach.y, starts.r3, reach.r2, reach.r1
                FROM reach
                JOIN starts ON starts.x = reach.x AND starts.s <> reach.y
                CROSS JOIN bar
                WHERE reach.p2 * starts.w3 > bar.score_key
            )
            SELECT hops, score_key, start, second, third, first_relationship, second_relationship, third_relationship
            FROM paths
            ORDER BY score_key DESC, hops, freshness DESC, start_freshness DESC, start, second, third
            LIMIT {limit}
            """).ToListAsync(ct);
    }
}
