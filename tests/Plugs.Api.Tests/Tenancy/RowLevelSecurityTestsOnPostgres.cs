using Npgsql;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Users.UserApi;

namespace Plugs.Api.Tests.Tenancy;

/// <summary>
/// The PostgreSQL half of tenant isolation (DESIGN §4), checked below the API: raw SQL as the
/// application role, and as the table owner, sees only the tenant named by
/// <c>app.current_organization_id</c>, and nothing at all without it.
/// </summary>
public sealed class RowLevelSecurityTestsOnPostgres(PostgresApiFactory api) : IClassFixture<PostgresApiFactory>
{
    private static readonly string[] TenantTables = ["users", "refresh_token_families", "refresh_tokens", "user_tokens", "invitations"];
    private static readonly string[] AllTables = ["organizations", .. TenantTables];

    /// <summary>Two organizations with rows in every tenant table, made through the API (which also migrates).</summary>
    private async Task<(Account A, Account B)> TwoOrganizationsAsync()
    {
        var a = await api.RegisterAsync(organization: "RLS A"); // user, session, refresh token, verification token
        await api.AddMemberAsync(a); // invitation, second user
        var b = await api.RegisterAsync(organization: "RLS B");
        await api.AddMemberAsync(b);
        return (a, b);
    }

    /// <summary>A connection of its own (no pool), so no session state can come from elsewhere.</summary>
    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private NpgsqlConnectionStringBuilder Superuser => new(PostgresApiFactory.AdminConnectionString) { Database = api.DatabaseName, Pooling = false };

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, Guid? organizationId = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (organizationId is { } id)
        {
            command.Parameters.AddWithValue("org", id);
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a write and returns the number of rows it affected.</summary>
    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, Guid organizationId)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("org", organizationId);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task SetTenantAsync(NpgsqlConnection connection, Guid organizationId)
    {
        await using var command = new NpgsqlCommand("SELECT set_config('app.current_organization_id', @org, false)", connection);
        command.Parameters.AddWithValue("org", organizationId.ToString("D"));
        await command.ExecuteScalarAsync();
    }

    private static string TenantColumn(string table) => table == "organizations" ? "id" : "organization_id";

    [Fact]
    public async Task Without_the_tenant_setting_the_application_role_sees_no_rows_though_they_exist()
    {
        var (a, b) = await TwoOrganizationsAsync();

        await using (var superuser = await OpenAsync(Superuser.ConnectionString))
        {
            foreach (var table in AllTables)
            {
                // Superusers bypass RLS: the rows are really there for both tenants.
                Assert.True(await ScalarAsync(superuser, $"SELECT count(*) FROM {table} WHERE {TenantColumn(table)} = @org", a.OrganizationId) > 0, table);
                Assert.True(await ScalarAsync(superuser, $"SELECT count(*) FROM {table} WHERE {TenantColumn(table)} = @org", b.OrganizationId) > 0, table);
            }
        }

        await using var app = await OpenAsync(api.AppConnectionString);
        foreach (var table in AllTables)
        {
            Assert.Equal(0, await ScalarAsync(app, $"SELECT count(*) FROM {table}"));
        }
        Assert.Equal(0, await ExecuteAsync(app, "UPDATE users SET first_name = 'Nobody' WHERE organization_id = @org", a.OrganizationId));
    }

    [Fact]
    public async Task With_the_setting_the_application_role_sees_and_changes_only_that_tenants_rows()
    {
        var (a, b) = await TwoOrganizationsAsync();
        await using var app = await OpenAsync(api.AppConnectionString);
        await SetTenantAsync(app, a.OrganizationId);

        foreach (var table in AllTables)
        {
            var column = TenantColumn(table);
            Assert.True(await ScalarAsync(app, $"SELECT count(*) FROM {table}") > 0, table);
            Assert.Equal(0, await ScalarAsync(app, $"SELECT count(*) FROM {table} WHERE {column} <> @org", a.OrganizationId));
            Assert.Equal(0, await ScalarAsync(app, $"SELECT count(*) FROM {table} WHERE {column} = @org", b.OrganizationId));
        }
        Assert.Equal(1, await ScalarAsync(app, "SELECT count(*) FROM organizations"));
        Assert.Equal(2, await ScalarAsync(app, "SELECT count(*) FROM users"));

        // Writes aimed at B's rows touch nothing.
        Assert.Equal(0, await ExecuteAsync(app, "UPDATE users SET first_name = 'Pwned' WHERE organization_id = @org", b.OrganizationId));
        Assert.Equal(0, await ExecuteAsync(app, "DELETE FROM refresh_tokens WHERE organization_id = @org", b.OrganizationId));
        Assert.Equal(0, await ExecuteAsync(app, "UPDATE organizations SET name = 'Pwned' WHERE id = @org", b.OrganizationId));
        Assert.Equal(2, await ExecuteAsync(app, "UPDATE users SET first_name = first_name WHERE organization_id = @org", a.OrganizationId));

        // Switching the setting switches the tenant.
        await SetTenantAsync(app, b.OrganizationId);
        Assert.Equal(0, await ScalarAsync(app, "SELECT count(*) FROM users WHERE organization_id = @org", a.OrganizationId));
        Assert.Equal(2, await ScalarAsync(app, "SELECT count(*) FROM users"));
        Assert.Equal(0, await ScalarAsync(app, "SELECT count(*) FROM users WHERE first_name = 'Pwned'"));
        Assert.Equal("RLS B", (await b.Client.GetOkAsync(OrganizationUrl)).Text("name"));
    }

    [Fact]
    public async Task Inserting_a_row_for_another_tenant_violates_the_policy()
    {
        var (a, b) = await TwoOrganizationsAsync();
        await using var app = await OpenAsync(api.AppConnectionString);
        await SetTenantAsync(app, a.OrganizationId);
        const string insert = """
            INSERT INTO users (id, email, password_hash, first_name, last_name, organization_id)
            VALUES (gen_random_uuid(), @email, 'x', 'Row', 'Level', @org)
            """;

        // Control: the same statement for the current tenant is allowed (and rolled back).
        await using (var transaction = await app.BeginTransactionAsync())
        {
            await using var allowed = new NpgsqlCommand(insert, app, transaction);
            allowed.Parameters.AddWithValue("email", Accounts.NewEmail("rls"));
            allowed.Parameters.AddWithValue("org", a.OrganizationId);
            Assert.Equal(1, await allowed.ExecuteNonQueryAsync());
            await transaction.RollbackAsync();
        }

        await using var refused = new NpgsqlCommand(insert, app);
        refused.Parameters.AddWithValue("email", Accounts.NewEmail("rls"));
        refused.Parameters.AddWithValue("org", b.OrganizationId);
        var error = await Assert.ThrowsAsync<PostgresException>(() => refused.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState); // 42501

        // Moving one of A's rows over to B is refused the same way.
        var move = new NpgsqlCommand("UPDATE users SET organization_id = @org WHERE true", app);
        await using (move)
        {
            move.Parameters.AddWithValue("org", b.OrganizationId);
            var moved = await Assert.ThrowsAsync<PostgresException>(() => move.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, moved.SqlState);
        }
        Assert.Equal(2, (await b.Client.GetAsync(UsersUrl)).TotalCount());
        Assert.Equal(2, (await a.Client.GetAsync(UsersUrl)).TotalCount());
    }

    [Theory]
    [InlineData("organizations")]
    [InlineData("users")]
    [InlineData("refresh_token_families")]
    [InlineData("refresh_tokens")]
    [InlineData("user_tokens")]
    [InlineData("invitations")]
    public async Task Even_the_table_owner_is_bound_by_the_policies(string table)
    {
        var (a, b) = await TwoOrganizationsAsync();
        await using var owner = await OpenAsync(api.OwnerConnectionString);
        Assert.Equal(PostgresApiFactory.OwnerRole, await StringAsync(owner, $"SELECT tableowner FROM pg_tables WHERE tablename = '{table}'"));
        var column = TenantColumn(table);

        Assert.Equal(0, await ScalarAsync(owner, $"SELECT count(*) FROM {table}"));

        await SetTenantAsync(owner, a.OrganizationId);
        Assert.True(await ScalarAsync(owner, $"SELECT count(*) FROM {table}") > 0);
        Assert.Equal(0, await ScalarAsync(owner, $"SELECT count(*) FROM {table} WHERE {column} = @org", b.OrganizationId));
    }

    [Fact]
    public async Task The_application_role_owns_nothing_and_cannot_bypass_row_level_security()
    {
        await api.RegisterAsync();
        await using var app = await OpenAsync(api.AppConnectionString);
        Assert.Equal(PostgresApiFactory.AppRole, await StringAsync(app, "SELECT current_user"));
        Assert.Equal(0, await ScalarAsync(app, "SELECT count(*) FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolbypassrls)"));
        Assert.Equal(0, await ScalarAsync(app, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"));
        foreach (var table in AllTables)
        {
            Assert.Equal(1, await ScalarAsync(app,
                $"SELECT count(*) FROM pg_class WHERE oid = 'public.{table}'::regclass AND relrowsecurity AND relforcerowsecurity"));
        }
    }

    [Fact]
    public async Task Every_table_with_an_organization_id_forces_row_level_security_with_the_tenant_policy()
    {
        await api.RegisterAsync();
        await using var app = await OpenAsync(api.AppConnectionString);
        await using var command = new NpgsqlCommand("""
            SELECT c.relname,
                   c.relrowsecurity AND c.relforcerowsecurity,
                   EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname AND p.policyname = 'tenant_isolation')
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r'
              AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped)
            """, app);
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var table = reader.GetString(0);
                tables.Add(table);
                Assert.True(reader.GetBoolean(1), $"{table} does not force row-level security");
                Assert.True(reader.GetBoolean(2), $"{table} has no tenant_isolation policy");
            }
        }
        Assert.Contains("users", tables);
        Assert.Contains("contacts", tables);
        Assert.Contains("contact_tags", tables);
    }

    private static async Task<string?> StringAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
