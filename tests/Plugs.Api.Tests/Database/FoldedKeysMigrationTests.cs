using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Data;
using Plugs.Data.Contacts;

namespace Plugs.Api.Tests.Database;

/// <summary>
/// The migration to case-insensitive tag names and folded search text, on a database that holds
/// rows from before it: case-twin tags merge into the first created (its spelling, all its
/// contacts), and every contact's search text is folded as the application folds it. PostgreSQL
/// migrates as the owner role, under the forced row-level security the API's tables have.
/// </summary>
public sealed class FoldedKeysMigrationTests
{
    private const string Org = "0190a000-0000-7000-8000-000000000001";
    private const string User = "0190a000-0000-7000-8000-000000000002";
    private const string Jose = "0190a000-0000-7000-8000-000000000010";
    private const string Ann = "0190a000-0000-7000-8000-000000000011";
    private const string Investor = "0190a000-0000-7000-8000-000000000020";
    private const string LowerInvestor = "0190a000-0000-7000-8000-000000000021";
    private const string UpperInvestor = "0190a000-0000-7000-8000-000000000022";
    private const string Vip = "0190a000-0000-7000-8000-000000000023";

    private static string Seed(bool postgres) => $"""
        INSERT INTO organizations (id, name, subscription_plan, settings, is_active, is_deleted, created_at, updated_at)
            VALUES ('{Org}', 'Old data', 'free', '{"{}"}', true, false, {Time(postgres, 1)}, {Time(postgres, 1)});
        INSERT INTO users (id, organization_id, email, password_hash, first_name, last_name, is_active, is_verified, is_admin, is_deleted, created_at, updated_at)
            VALUES ('{User}', '{Org}', 'old@data.example', 'x', 'Old', 'Admin', true, true, true, false, {Time(postgres, 1)}, {Time(postgres, 1)});
        INSERT INTO contacts (id, organization_id, created_by, first_name, last_name, company, notes, contact_type, status, priority, metadata, lead_score, is_deleted, created_at, updated_at)
            VALUES ('{Jose}', '{Org}', '{User}', 'José', 'NÚÑEZ', 'Café Olé', 'Met in Kraków', 'target', 'cold_lead', 'medium', '{"{}"}', 0, false, {Time(postgres, 1)}, {Time(postgres, 1)}),
                   ('{Ann}', '{Org}', '{User}', 'Ann', 'Smith', 'Plain Ltd', NULL, 'target', 'cold_lead', 'medium', '{"{}"}', 0, false, {Time(postgres, 1)}, {Time(postgres, 1)});
        INSERT INTO tags (id, organization_id, name, created_at, updated_at)
            VALUES ('{LowerInvestor}', '{Org}', 'investor', {Time(postgres, 3)}, {Time(postgres, 3)}),
                   ('{Investor}', '{Org}', 'Investor', {Time(postgres, 2)}, {Time(postgres, 2)}),
                   ('{UpperInvestor}', '{Org}', 'INVESTOR', {Time(postgres, 4)}, {Time(postgres, 4)}),
                   ('{Vip}', '{Org}', 'vip', {Time(postgres, 2)}, {Time(postgres, 2)});
        INSERT INTO contact_tags (organization_id, contact_id, tag_id, created_at)
            VALUES ('{Org}', '{Jose}', '{LowerInvestor}', {Time(postgres, 3)}), ('{Org}', '{Jose}', '{UpperInvestor}', {Time(postgres, 4)}),
                   ('{Org}', '{Ann}', '{UpperInvestor}', {Time(postgres, 4)}), ('{Org}', '{Ann}', '{Vip}', {Time(postgres, 4)});
        """;

    private static PlugsDbContext Context(Action<DbContextOptionsBuilder> configure)
    {
        var builder = new DbContextOptionsBuilder<PlugsDbContext>();
        configure(builder);
        return new PlugsDbContext(builder.Options);
    }

    private static string Time(bool postgres, int day) => postgres ? $"'2026-01-0{day}T00:00:00Z'" : $"'2026-01-0{day} 00:00:00'";

    private static async Task MigrateAcrossAsync(PlugsDbContext migrating, Func<string, Task> seed, Func<string, Task<List<string>>> rows, bool postgres)
    {
        var migrations = migrating.Database.GetMigrations().ToList();
        var folding = migrations.Single(m => m.EndsWith("_FoldedTagNamesAndSearchText", StringComparison.Ordinal));
        var migrator = migrating.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[migrations.IndexOf(folding) - 1]);
        await seed(Seed(postgres));
        await migrating.Database.MigrateAsync();

        Assert.Equal([$"{Investor}|Investor|investor", $"{Vip}|vip|vip"],
            await rows("SELECT lower(CAST(id AS TEXT)) || '|' || name || '|' || normalized_name FROM tags ORDER BY name"));
        Assert.Equal([$"{Jose}|{Investor}", $"{Ann}|{Investor}", $"{Ann}|{Vip}"],
            await rows("SELECT lower(CAST(contact_id AS TEXT)) || '|' || lower(CAST(tag_id AS TEXT)) FROM contact_tags ORDER BY 1"));
        // Both contacts read differently (a tag's spelling), so both have a new version.
        Assert.Equal(["2", "2"], await rows($"SELECT CASE WHEN updated_at > {Time(postgres, 5)} THEN '2' ELSE '1' END FROM contacts"));
        Assert.Equal([Contact.SearchTextOf("Ann", "Smith", null, "Plain Ltd", null, null), Contact.SearchTextOf("José", "NÚÑEZ", null, "Café Olé", null, "Met in Kraków")],
            await rows("SELECT search_text FROM contacts ORDER BY first_name"));
        Assert.Equal("ann smith  plain ltd  ", (await rows("SELECT search_text FROM contacts ORDER BY first_name"))[0]);
        Assert.Equal("jose nunez  cafe ole  met in krakow", (await rows("SELECT search_text FROM contacts ORDER BY first_name"))[1]);

        // Down and up again with the data in place.
        await migrator.MigrateAsync(migrations[migrations.IndexOf(folding) - 1]);
        await migrating.Database.MigrateAsync();
        Assert.Equal(2, (await rows("SELECT name FROM tags")).Count);
    }

    public static readonly TheoryData<string, string> Samples = new()
    {
        { "José NÚÑEZ", "jose nunez" },
        { "ZOË Ångström", "zoe angstrom" },
        { "Kraków, Łódź", "krakow, łodz" },
        { "Nguyễn Văn Ánh", "nguyen van anh" },
        { "Ørsted Straße", "ørsted straße" },
        { "ΆΘΗΝΑ Ёлка", "αθηνα елка" },
        { "Cafe\u0301 decomposed", "cafe decomposed" },
        { "plain ASCII", "plain ascii" },
    };

    /// <summary>The fold the application computes, and the SQL the PostgreSQL migration folds old rows with, agree.</summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public async Task The_application_and_the_postgres_migration_fold_alike(string text, string folded)
    {
        Assert.Equal(folded, Plugs.Data.Common.TextFolding.CaseAndAccents(text));
        await using var connection = new NpgsqlConnection(PostgresApiFactory.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT {Plugs.Data.Common.TextFoldingSql.CaseAndAccents(postgres: true, "@text")}", connection);
        command.Parameters.AddWithValue("text", text);
        Assert.Equal(folded, (string)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Sqlite_merges_case_twin_tags_and_folds_search_text()
    {
        var file = Path.Combine(Path.GetTempPath(), $"plugs-folding-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = Context(b => b.UsePlugsSqlite($"Data Source={file};Pooling=false"));
            var raw = $"Data Source={file};Pooling=false";
            await MigrateAcrossAsync(db,
                async sql =>
                {
                    await using var connection = new SqliteConnection(raw);
                    await connection.OpenAsync();
                    await using var command = new SqliteCommand(sql, connection);
                    await command.ExecuteNonQueryAsync();
                },
                async sql =>
                {
                    await using var connection = new SqliteConnection(raw);
                    await connection.OpenAsync();
                    await using var command = new SqliteCommand(sql, connection);
                    var values = new List<string>();
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        values.Add(reader.GetString(0));
                    }
                    return values;
                },
                postgres: false);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Postgres_merges_case_twin_tags_and_folds_search_text_as_the_owner_under_forced_rls()
    {
        var database = new PostgresApiFactory();
        await database.InitializeAsync();
        try
        {
            // Rows from before are written by a superuser (past RLS); the migration runs as the owner, bound by it.
            var admin = new NpgsqlConnectionStringBuilder(PostgresApiFactory.AdminConnectionString) { Database = database.DatabaseName, Pooling = false }.ConnectionString;
            await using var owner = Context(b => b
                .UsePlugsPostgres(new NpgsqlConnectionStringBuilder(database.OwnerConnectionString) { Pooling = false }.ConnectionString));
            await MigrateAcrossAsync(owner,
                async sql =>
                {
                    await using var connection = new NpgsqlConnection(admin);
                    await connection.OpenAsync();
                    await using var command = new NpgsqlCommand(sql, connection);
                    await command.ExecuteNonQueryAsync();
                },
                async sql =>
                {
                    await using var connection = new NpgsqlConnection(admin);
                    await connection.OpenAsync();
                    await using var command = new NpgsqlCommand(sql, connection);
                    var values = new List<string>();
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        values.Add(reader.GetString(0));
                    }
                    return values;
                },
                postgres: true);
            await using var check = new NpgsqlConnection(admin);
            await check.OpenAsync();
            await using var forced = new NpgsqlCommand("SELECT count(*) FROM pg_class WHERE relname IN ('tags', 'contact_tags', 'contacts') AND relrowsecurity AND relforcerowsecurity", check);
            Assert.Equal(3L, (long)(await forced.ExecuteScalarAsync())!);
        }
        finally
        {
            await ((IAsyncLifetime)database).DisposeAsync();
        }
    }
}
