using Microsoft.EntityFrameworkCore.Migrations;

namespace Plugs.Data.Tenancy;

/// <summary>
/// The PostgreSQL half of tenant isolation, used by migrations: one line per tenant table.
/// Policies compare the tenant column with <c>app_current_organization_id()</c>, which reads the
/// setting written by <see cref="TenantConnectionInterceptor"/> at every connection checkout; with no setting
/// it is NULL and no row matches. FORCE makes the policies bind the table owner too.
/// </summary>
public static class RowLevelSecurity
{
    public const string PolicyName = "tenant_isolation";

    /// <summary>Creates the function every policy calls. Part of the first migration.</summary>
    public static void CreateTenantFunction(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"""
            CREATE OR REPLACE FUNCTION app_current_organization_id() RETURNS uuid
            LANGUAGE sql STABLE PARALLEL SAFE
            AS $$ SELECT NULLIF(current_setting('{TenantConnectionInterceptor.SettingName}', true), '')::uuid $$;
            """);

    public static void DropTenantFunction(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("DROP FUNCTION IF EXISTS app_current_organization_id();");

    public static void EnableTenantRowLevelSecurity(this MigrationBuilder migrationBuilder, string table, string tenantColumn = "organization_id") =>
        migrationBuilder.Sql($"""
            ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
            ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
            CREATE POLICY {PolicyName} ON {table}
                USING ({tenantColumn} = app_current_organization_id())
                WITH CHECK ({tenantColumn} = app_current_organization_id());
            """);

    public static void DisableTenantRowLevelSecurity(this MigrationBuilder migrationBuilder, string table) =>
        migrationBuilder.Sql($"""
            DROP POLICY IF EXISTS {PolicyName} ON {table};
            ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;
            ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;
            """);
}
