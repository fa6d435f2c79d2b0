using Npgsql;
using Plugs.Data.Audit;
using Plugs.Data.Auth;
using Plugs.Data.Contacts;

namespace Plugs.Api.Platform.Database;

/// <summary>
/// Applies the provider's migrations (the <c>migrate</c> command, and start-up on the embedded
/// default). On PostgreSQL it migrates as the schema owner and then grants the API's role just
/// what it needs: DML on the tables (only INSERT and SELECT on <c>audit_logs</c>) and the account-lookup,
/// search and audit-purge functions, never ownership, so RLS binds it.
/// </summary>
public sealed class DatabaseMigrator(DatabaseOptions options, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            await using var sqlite = CreateContext(b => b.UsePlugsSqlite(options.ConnectionString));
            await sqlite.Database.MigrateAsync(ct);
            // WAL lets readers proceed while one writer commits; it persists in the file.
            await sqlite.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            logger.LogInformation("SQLite database migrated");
            return;
        }

        await using (var owner = CreateContext(b => b.UsePlugsPostgres(options.MigrationConnectionString)))
        {
            await owner.Database.MigrateAsync(ct);
            var appRole = new NpgsqlConnectionStringBuilder(options.ConnectionString).Username;
            var ownerRole = new NpgsqlConnectionStringBuilder(options.MigrationConnectionString).Username;
            if (!string.IsNullOrEmpty(appRole) && appRole != ownerRole)
            {
                await GrantAsync(owner, appRole, ct);
            }
        }
        logger.LogInformation("PostgreSQL database migrated");
    }

    private static async Task GrantAsync(PlugsDbContext owner, string role, CancellationToken ct)
    {
        var quoted = "\"" + role.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        // The role comes from configuration, not a request, and is quoted as an identifier.
        var grants = $"""
            GRANT USAGE ON SCHEMA public TO {quoted};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted};
            GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted};
            GRANT EXECUTE ON FUNCTION {AccountDirectory.LookupFunction}(text) TO {quoted};
            GRANT EXECUTE ON FUNCTION {ContactSearch.Function}(text) TO {quoted};
            GRANT EXECUTE ON FUNCTION {Plugs.Data.Jobs.OrganizationDirectory.Function}() TO {quoted};
            GRANT EXECUTE ON FUNCTION {Plugs.Data.Webhooks.WebhookWorkDirectory.Function}(timestamptz) TO {quoted};
            -- The audit trail is append-only for the API; old rows leave only through the purge function.
            REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM {quoted};
            GRANT EXECUTE ON FUNCTION {AuditRetention.PurgeFunction}(timestamptz) TO {quoted};
            """;
        await owner.Database.ExecuteSqlRawAsync(grants, ct);
    }

    private static PlugsDbContext CreateContext(Action<DbContextOptionsBuilder> configure)
    {
        var builder = new DbContextOptionsBuilder<PlugsDbContext>();
        configure(builder);
        return new PlugsDbContext(builder.Options);
    }
}
