using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Data;

namespace Plugs.Api.Tests.Database;

/// <summary>
/// The migration that stores a symmetric relationship once per pair, run as the production
/// migrator runs it (the owner role, bound by the tables' forced row-level security) over rows of
/// two organizations stored both ways: the weaker of each reverse pair is soft-deleted, directed
/// pairs stay, and the new unique edge key can be built.
/// </summary>
public sealed class SymmetricRelationshipMigrationTestsOnPostgres(PostgresApiFactory api) : IClassFixture<PostgresApiFactory>
{
    private const string Before = "AddContactSortIndexes";

    [Fact]
    public async Task Reverse_duplicates_of_symmetric_types_become_one_in_every_organization()
    {
        await using (var owner = Context(api.OwnerConnectionString))
        {
            await owner.GetService<IMigrator>().MigrateAsync(owner.Database.GetMigrations().Single(m => m.EndsWith("_" + Before, StringComparison.Ordinal)));
        }
        var superuser = new NpgsqlConnectionStringBuilder(PostgresApiFactory.AdminConnectionString) { Database = api.DatabaseName, Pooling = false }.ConnectionString;
        await using var db = new NpgsqlConnection(superuser);
        await db.OpenAsync();
        var expectedLive = new List<Guid>();
        var expectedDeleted = new List<Guid>();
        foreach (var name in new[] { "First", "Second" })
        {
            var org = Guid.CreateVersion7();
            var (a, b) = (Guid.CreateVersion7(), Guid.CreateVersion7());
            await ExecuteAsync(db, "INSERT INTO organizations (id, name, subscription_plan, settings, is_active, is_deleted, created_at, updated_at) VALUES ($1, $2, 'free', '{}', true, false, now(), now())", org, name);
            var user = Guid.CreateVersion7();
            await ExecuteAsync(db, """
                INSERT INTO users (id, organization_id, email, password_hash, first_name, last_name, is_active, is_verified, is_admin, is_deleted, created_at, updated_at)
                VALUES ($1, $2, $3, 'not-a-login', 'M', 'Igrated', true, true, true, false, now(), now())
                """, user, org, $"{name}@migration.example");
            foreach (var contact in new[] { a, b })
            {
                await ExecuteAsync(db, """
                    INSERT INTO contacts (id, organization_id, created_by, updated_by, first_name, last_name, contact_type, status, priority, metadata, lead_score, created_at, updated_at, is_deleted)
                    VALUES ($1, $2, $3, $3, 'C', 'Migrated', 'plug', 'new_client', 'medium', '{}', 0, now(), now(), false)
                    """, contact, org, user);
            }
            async Task<Guid> EdgeAsync(Guid from, Guid to, string type, int strength)
            {
                var id = Guid.CreateVersion7();
                await ExecuteAsync(db, """
                    INSERT INTO contact_relationships (id, organization_id, from_contact_id, to_contact_id, relationship_type, strength, created_at, updated_at, is_deleted)
                    VALUES ($1, $2, $3, $4, $5, $6, now(), now(), false)
                    """, id, org, from, to, type, strength);
                return id;
            }
            expectedDeleted.Add(await EdgeAsync(a, b, "knows", 2));
            expectedLive.Add(await EdgeAsync(b, a, "knows", 4));
            expectedLive.Add(await EdgeAsync(a, b, "friend", 3)); // one way only
            expectedLive.Add(await EdgeAsync(a, b, "mentor", 3)); // directed: both ways stay
            expectedLive.Add(await EdgeAsync(b, a, "mentor", 5));
        }

        await using (var owner = Context(api.OwnerConnectionString))
        {
            await owner.Database.MigrateAsync();
        }

        await using var live = new NpgsqlCommand("SELECT id FROM contact_relationships WHERE NOT is_deleted ORDER BY id", db);
        Assert.Equal(expectedLive.Order(), (await ReadIdsAsync(live)).Order());
        await using var deleted = new NpgsqlCommand("SELECT id FROM contact_relationships WHERE is_deleted AND deleted_at IS NOT NULL ORDER BY id", db);
        Assert.Equal(expectedDeleted.Order(), (await ReadIdsAsync(deleted)).Order());
        await using var forced = new NpgsqlCommand("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'contact_relationships'", db);
        Assert.True((bool)(await forced.ExecuteScalarAsync())!);
    }

    private static PlugsDbContext Context(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<PlugsDbContext>();
        builder.UsePlugsPostgres(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        return new PlugsDbContext(builder.Options);
    }

    private static async Task ExecuteAsync(NpgsqlConnection db, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, db);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<Guid>> ReadIdsAsync(NpgsqlCommand command)
    {
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }
        return ids;
    }
}
