namespace Plugs.Data.Common;

public static class PostgresRoles
{
    /// <summary>
    /// SQL creating a NOLOGIN role unless it exists, and making the migrating user a member.
    /// Roles and memberships are cluster-wide: two databases of one server migrating at the same
    /// moment (parallel test runs, several environments on one cluster) can both find the role
    /// missing, and the second <c>CREATE ROLE</c> (or <c>GRANT</c>) then fails on the catalogue's
    /// unique index. That failure is caught: what it wanted now exists.
    /// </summary>
    public static string CreateNoLoginRoleForCurrentUser(string role) => $"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                CREATE ROLE {role} NOLOGIN;
            END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END $$;
        DO $$ BEGIN
            GRANT {role} TO CURRENT_USER;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END $$;
        """;
}
