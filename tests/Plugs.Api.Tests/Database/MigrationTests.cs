using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Data;

namespace Plugs.Api.Tests.Database;

/// <summary>
/// The migrations are the schema's source of truth: they must match the model on both providers,
/// roll all the way down and up again, and (PostgreSQL) produce an idempotent script that
/// applies to an empty database, twice.
/// </summary>
public sealed class MigrationTests
{
    private static PlugsDbContext Context(Action<DbContextOptionsBuilder> configure)
    {
        var builder = new DbContextOptionsBuilder<PlugsDbContext>();
        configure(builder);
        return new PlugsDbContext(builder.Options);
    }

    [Fact]
    public async Task Sqlite_migrations_match_the_model_and_roll_down_and_up()
    {
        var file = Path.Combine(Path.GetTempPath(), $"plugs-migrations-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = Context(b => b.UsePlugsSqlite($"Data Source={file};Pooling=false"));
            Assert.False(db.Database.HasPendingModelChanges(), "The SQLite model has changes no migration captures: run scripts/add-migration.sh.");
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            await db.GetService<IMigrator>().MigrateAsync(Migration.InitialDatabase);
            Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Postgres_migrations_match_the_model_roll_down_and_up_and_script_idempotently()
    {
        var name = "plugs_migrations_" + Guid.NewGuid().ToString("N")[..12];
        var admin = PostgresApiFactory.AdminConnectionString;
        await ExecuteAsync(admin, $"CREATE DATABASE {name}");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
            await using var db = Context(b => b.UsePlugsPostgres(connection));
            Assert.False(db.Database.HasPendingModelChanges(), "The PostgreSQL model has changes no migration captures: run scripts/add-migration.sh.");

            var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
            await ExecuteAsync(connection, script);
            await ExecuteAsync(connection, script); // idempotent: a second run changes nothing and fails nothing
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM pg_policies WHERE tablename = 'users' AND policyname = 'tenant_isolation'"));

            await db.GetService<IMigrator>().MigrateAsync(Migration.InitialDatabase);
            Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '__ef_migrations_history'"));
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(1L, await ScalarAsync(connection, "SELECT count(*) FROM pg_class WHERE relname = 'users' AND relrowsecurity AND relforcerowsecurity"));
            // Set in place by its own migration (EF would rebuild the index): searches scan at most 1 MB of pending entries.
            Assert.Equal(1L, await ScalarAsync(connection,
                "SELECT count(*) FROM pg_class WHERE relname = 'idx_contacts_org_search_trgm' AND 'gin_pending_list_limit=1024' = ANY (reloptions)"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    /// <summary>The URLs the backfill of <c>contacts.linkedin_key</c> is checked on, against <see cref="Plugs.Data.Contacts.LinkedInProfile.Key"/>.</summary>
    private static readonly string[] ProfileUrls =
    [
        "http://linkedin.com/in/ada-lovelace", "https://www.LinkedIn.com/in/ADA-Lovelace/", "HTTPS://WWW.LINKEDIN.COM/in/ada?trk=guest#top",
        "https://linkedin.com/in/ada/details/experience/", " linkedin.com/in/x#y", "https://example.com/in/ada", "https://linkedin.com/in/",
        "https://linkedin.com/company/acme",
    ];

    /// <summary>Contacts stored before AddContactImports get the profile key the application computes, on both providers.</summary>
    [Fact]
    public async Task The_linkedin_key_backfill_computes_what_the_application_does()
    {
        var file = Path.Combine(Path.GetTempPath(), $"plugs-backfill-{Guid.NewGuid():N}.db");
        var sqlite = $"Data Source={file};Pooling=false;Foreign Keys=False";
        var name = "plugs_backfill_" + Guid.NewGuid().ToString("N")[..12];
        var admin = PostgresApiFactory.AdminConnectionString;
        await ExecuteAsync(admin, $"CREATE DATABASE {name}");
        var postgres = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
        try
        {
            foreach (var (db, insert) in new[]
            {
                (Context(b => b.UsePlugsSqlite(sqlite)), "INSERT INTO contacts (id, organization_id, created_by, first_name, last_name, linkedin_url) VALUES ({0}, {1}, {1}, 'A', 'B', {2})"),
                (Context(b => b.UsePlugsPostgres(postgres)), "SET session_replication_role = replica; INSERT INTO contacts (id, organization_id, created_by, first_name, last_name, linkedin_url) VALUES ({0}, {1}, {1}, 'A', 'B', {2})"),
            })
            {
                await using (db)
                {
                    await db.GetService<IMigrator>().MigrateAsync("AddContactSortIndexes");
                    var ids = ProfileUrls.Select((_, i) => Guid.Parse($"00000000-0000-0000-0000-{i:D12}")).ToList();
                    await db.Database.OpenConnectionAsync();
                    foreach (var (id, url) in ids.Zip(ProfileUrls))
                    {
                        await db.Database.ExecuteSqlRawAsync(insert, id, Guid.NewGuid(), url);
                    }
                    await db.Database.CloseConnectionAsync();
                    await db.Database.MigrateAsync();
                    var keys = await db.Database.SqlQueryRaw<string?>("SELECT linkedin_key AS \"Value\" FROM contacts ORDER BY id").ToListAsync();
                    Assert.Equal(ProfileUrls.Select(Plugs.Data.Contacts.LinkedInProfile.Key), keys);
                }
            }
        }
        finally
        {
            File.Delete(file);
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
