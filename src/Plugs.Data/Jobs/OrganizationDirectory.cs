using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Plugs.Data.Common;

namespace Plugs.Data.Jobs;

/// <summary>
/// Maintenance jobs work in every organization, one at a time, each under that organization's
/// row-level security like a request (they enter it through <c>TenantContext</c>). The only thing
/// they read across tenants is the list of organization ids, and on PostgreSQL that goes through a
/// SECURITY DEFINER function owned by a NOLOGIN role whose one RLS grant is SELECT on
/// <c>organizations</c> (the same pattern as <see cref="Auth.AccountDirectory"/>). The function
/// returns ids only; the API role itself never bypasses RLS.
/// </summary>
public static class OrganizationDirectory
{
    public const string Role = "plugs_jobs_directory";
    public const string Function = "jobs_organization_ids";

    public static Task<List<Guid>> AllIdsAsync(PlugsDbContext db, CancellationToken ct) =>
        db.Database.IsNpgsql()
            ? db.Database.SqlQueryRaw<Guid>($"SELECT id AS \"Value\" FROM {Function}()").ToListAsync(ct)
            : db.Organizations.IgnoreQueryFilters().OrderBy(o => o.Id).Select(o => o.Id).ToListAsync(ct);

    public static void CreateOrganizationDirectory(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"""
            {PostgresRoles.CreateNoLoginRoleForCurrentUser(Role)}
            GRANT USAGE ON SCHEMA public TO {Role};
            GRANT SELECT (id) ON organizations TO {Role};
            -- current_user is the role only inside its SECURITY DEFINER function; members of the
            -- role (the migrating owner) stay bound by tenant isolation.
            CREATE POLICY jobs_directory ON organizations FOR SELECT TO {Role} USING (current_user = '{Role}');
            CREATE FUNCTION {Function}()
            RETURNS TABLE (id uuid)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$ SELECT o.id FROM public.organizations o ORDER BY o.id $$;
            REVOKE ALL ON FUNCTION {Function}() FROM PUBLIC;
            GRANT CREATE ON SCHEMA public TO {Role};
            ALTER FUNCTION {Function}() OWNER TO {Role};
            REVOKE CREATE ON SCHEMA public FROM {Role};
            """);

    public static void DropOrganizationDirectory(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"""
            DROP FUNCTION IF EXISTS {Function}();
            DROP POLICY IF EXISTS jobs_directory ON organizations;
            REVOKE ALL ON organizations FROM {Role};
            REVOKE USAGE ON SCHEMA public FROM {Role};
            """);
}
