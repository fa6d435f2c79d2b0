using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Plugs.Data.Common;

namespace Plugs.Data.Contacts;

/// <summary>
/// Substring search over <see cref="Contact.SearchText"/> (<c>LIKE '%…%'</c> of a folded pattern: case and accents ignored).
/// <para>
/// On PostgreSQL, row-level security stops the planner from using an index for <c>LIKE</c>:
/// <c>textlike</c> is not leakproof, so it may only run after the tenant policy, i.e. on every
/// row of the tenant (120 ms for 100,000 contacts). So the match runs in a SECURITY DEFINER
/// function owned by a NOLOGIN role whose own policy lets the planner use the tenant-led trigram
/// index, and which filters on the current organization itself (the same setting the policies
/// read). It returns ids only; the query that uses them still runs under the caller's policies.
/// Nobody can log in as the role and nobody stays a member of it, so the function is the only way
/// its policy is ever used.
/// </para>
/// On SQLite (one tenant per request, no RLS) the same pattern is a plain <c>LIKE</c>.
/// </summary>
public static class ContactSearch
{
    public const string Role = "plugs_contact_search";
    public const string Function = "contact_search_ids";

    /// <summary>
    /// Up to this many matching ids are read once and handed to the count and the page as one
    /// array parameter, so a request searches once; a broader match is composed as a subquery
    /// into each of them instead of shipping the ids back and forth.
    /// </summary>
    public const int MaterializedMatches = 1000;

    /// <summary>
    /// The ids of the current organization's contacts whose search text matches
    /// <paramref name="likePattern"/> (escape character <c>\</c>), when there are at most
    /// <see cref="MaterializedMatches"/> of them and the database is PostgreSQL; otherwise null, and
    /// the caller composes <see cref="WhereSearchMatches"/> into its query instead.
    /// </summary>
    public static async Task<Guid[]?> MatchingIdsAsync(PlugsDbContext db, string likePattern, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return null;
        }
        var ids = await db.Database
            .SqlQuery<Guid>($"SELECT id AS \"Value\" FROM contact_search_ids({likePattern}) AS id LIMIT {MaterializedMatches + 1}")
            .ToArrayAsync(ct);
        return ids.Length <= MaterializedMatches ? ids : null;
    }

    /// <summary>Contacts whose search text matches <paramref name="likePattern"/>, composed into the query (a subquery on PostgreSQL, <c>LIKE</c> on SQLite).</summary>
    public static IQueryable<Contact> WhereSearchMatches(this IQueryable<Contact> query, PlugsDbContext db, string likePattern)
    {
        if (!db.Database.IsNpgsql())
        {
            return query.Where(c => EF.Functions.Like(c.SearchText, likePattern, "\\"));
        }
        var matches = db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM contact_search_ids({likePattern}) AS id");
        return query.Where(c => matches.Contains(c.Id));
    }

    public static void CreateContactSearch(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"""
            {PostgresRoles.CreateNoLoginRoleForCurrentUser(Role)}
            GRANT USAGE ON SCHEMA public TO {Role};
            GRANT SELECT (id, organization_id, is_deleted, search_text) ON contacts TO {Role};
            -- Lets the planner use idx_contacts_org_search_trgm inside the function; the function's
            -- own WHERE clause keeps the search to the caller's organization.
            CREATE POLICY contact_search ON contacts FOR SELECT TO {Role} USING (true);
            CREATE FUNCTION {Function}(p_pattern text) RETURNS SETOF uuid
            LANGUAGE plpgsql STABLE SECURITY DEFINER ROWS 100 SET search_path = pg_catalog, pg_temp
            AS $fn$
            BEGIN
                RETURN QUERY
                SELECT c.id FROM public.contacts c
                WHERE c.organization_id = public.app_current_organization_id()
                  AND NOT c.is_deleted
                  AND c.search_text LIKE p_pattern;
            END
            $fn$;
            REVOKE ALL ON FUNCTION {Function}(text) FROM PUBLIC;
            GRANT CREATE ON SCHEMA public TO {Role};
            ALTER FUNCTION {Function}(text) OWNER TO {Role};
            REVOKE CREATE ON SCHEMA public FROM {Role};
            -- The migrating role passes EXECUTE on to the API's role (DatabaseMigrator) after it
            -- has stopped being a member.
            GRANT EXECUTE ON FUNCTION {Function}(text) TO CURRENT_USER WITH GRANT OPTION;
            REVOKE {Role} FROM CURRENT_USER;
            """);

    public static void DropContactSearch(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"""
            GRANT {Role} TO CURRENT_USER;
            DROP FUNCTION IF EXISTS {Function}(text);
            DROP POLICY IF EXISTS contact_search ON contacts;
            REVOKE ALL ON contacts FROM {Role};
            REVOKE USAGE ON SCHEMA public FROM {Role};
            REVOKE {Role} FROM CURRENT_USER;
            """);
}
