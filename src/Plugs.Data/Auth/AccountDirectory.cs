using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Plugs.Data.Common;

namespace Plugs.Data.Auth;

/// <summary>An account that a login or password-reset request for an e-mail address may mean.</summary>
public sealed record AccountCandidate(
    Guid Id, Guid OrganizationId, string PasswordHash, bool IsActive, string OrganizationName, bool OrganizationIsActive);

/// <summary>
/// The one read that must cross tenants: "which accounts use this e-mail?", asked before anyone
/// is signed in. On PostgreSQL it goes through a SECURITY DEFINER function owned by a NOLOGIN role
/// whose only RLS grant is SELECT on users and organizations; the API role itself never bypasses RLS.
/// The migrating role becomes a member of that role (it must, to own and grant the function); the
/// policies match only <c>current_user</c> = the lookup role, so membership alone reads nothing.
/// </summary>
public static class AccountDirectory
{
    public const string LookupRole = "plugs_auth_lookup";
    public const string LookupFunction = "auth_find_accounts_by_email";

    public static Task<List<AccountCandidate>> FindByEmailAsync(PlugsDbContext db, string normalizedEmail, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            return db.Database.SqlQuery<AccountCandidate>($"""
                SELECT id, organization_id, password_hash, is_active, organization_name, organization_is_active
                FROM auth_find_accounts_by_email({normalizedEmail})
                """).ToListAsync(ct);
        }
        return (from u in db.Users.IgnoreQueryFilters([ModelConventions.TenantFilterName])
                join o in db.Organizations.IgnoreQueryFilters([ModelConventions.TenantFilterName]) on u.OrganizationId equals o.Id
                where u.Email == normalizedEmail
                orderby o.Name
                select new AccountCandidate(u.Id, u.OrganizationId, u.PasswordHash, u.IsActive, o.Name, o.IsActive))
            .Take(MaxCandidates).ToListAsync(ct);
    }

    /// <summary>Bounds the password checks one login may cost.</summary>
    public const int MaxCandidates = 20;

    public static void CreateAccountLookup(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"""
            {PostgresRoles.CreateNoLoginRoleForCurrentUser(LookupRole)}
            GRANT USAGE ON SCHEMA public TO {LookupRole};
            GRANT SELECT ON users, organizations TO {LookupRole};
            -- current_user is the lookup role only inside its SECURITY DEFINER function; members
            -- of the role (the migrating owner) stay bound by tenant isolation.
            CREATE POLICY account_lookup ON users FOR SELECT TO {LookupRole} USING (current_user = '{LookupRole}');
            CREATE POLICY account_lookup ON organizations FOR SELECT TO {LookupRole} USING (current_user = '{LookupRole}');
            CREATE FUNCTION {LookupFunction}(p_email text)
            RETURNS TABLE (id uuid, organization_id uuid, password_hash varchar, is_active boolean,
                           organization_name varchar, organization_is_active boolean)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
                SELECT u.id, u.organization_id, u.password_hash, u.is_active, o.name, o.is_active
                FROM public.users u JOIN public.organizations o ON o.id = u.organization_id
                WHERE u.email = p_email AND NOT u.is_deleted AND NOT o.is_deleted
                ORDER BY o.name
                LIMIT {MaxCandidates}
            $$;
            REVOKE ALL ON FUNCTION {LookupFunction}(text) FROM PUBLIC;
            -- A new owner needs CREATE on the schema at the moment of the transfer, not after it.
            GRANT CREATE ON SCHEMA public TO {LookupRole};
            ALTER FUNCTION {LookupFunction}(text) OWNER TO {LookupRole};
            REVOKE CREATE ON SCHEMA public FROM {LookupRole};
            """);

    public static void DropAccountLookup(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"""
            DROP FUNCTION IF EXISTS {LookupFunction}(text);
            DROP POLICY IF EXISTS account_lookup ON users;
            DROP POLICY IF EXISTS account_lookup ON organizations;
            REVOKE ALL ON users, organizations FROM {LookupRole};
            REVOKE USAGE ON SCHEMA public FROM {LookupRole};
            """);
}
