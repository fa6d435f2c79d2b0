using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Plugs.Api.Platform.Database;
using Plugs.Data;

namespace Plugs.Api.Tests.Infrastructure;

/// <summary>
/// Production shape: PostgreSQL (a database of its own, migrated by the owner role, used by a
/// separate non-owner role so RLS binds) and Redis. Both servers are started by scripts/test.sh,
/// which exports <c>PLUGS_TEST_POSTGRES</c> (a superuser connection) and <c>PLUGS_TEST_REDIS</c>.
/// </summary>
public sealed class PostgresApiFactory : PlugsApiFactory
{
    public const string OwnerRole = "plugs_test_owner";
    public const string AppRole = "plugs_test_app";
    private const string Password = "plugs-test";

    public string DatabaseName { get; } = "plugs_test_" + Guid.NewGuid().ToString("N")[..16];

    public override bool IsPostgres => true;

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("PLUGS_TEST_POSTGRES")
        ?? throw new InvalidOperationException("PLUGS_TEST_POSTGRES is not set: run the tests through scripts/test.sh, or eval \"$(scripts/dev-services.sh)\" first.");

    private static string Redis =>
        Environment.GetEnvironmentVariable("PLUGS_TEST_REDIS")
        ?? throw new InvalidOperationException("PLUGS_TEST_REDIS is not set: run the tests through scripts/test.sh, or eval \"$(scripts/dev-services.sh)\" first.");

    public string AppConnectionString => Connection(AppRole);

    public string OwnerConnectionString => Connection(OwnerRole);

    private string Connection(string role) => Connection(DatabaseName, role, pooling: true);

    private static string Connection(string database, string role, bool pooling) => new NpgsqlConnectionStringBuilder(AdminConnectionString)
    {
        Database = database,
        Username = role,
        Password = Password,
        Pooling = pooling,
    }.ConnectionString;

    protected override IReadOnlyDictionary<string, string?> ProviderSettings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["Database:MigrateOnStartup"] = "true",
        ["ConnectionStrings:Postgres"] = AppConnectionString,
        ["ConnectionStrings:PostgresMigrations"] = OwnerConnectionString,
        ["ConnectionStrings:Redis"] = Redis,
        ["Redis:KeyPrefix"] = DatabaseName + ":",
    };

    /// <summary>A second API instance on the same database and Redis, as behind a load balancer.</summary>
    public PlugsApiFactory CreatePeer() => new PeerApiFactory(ProviderSettings);

    private sealed class PeerApiFactory(IReadOnlyDictionary<string, string?> settings) : PlugsApiFactory
    {
        public override bool IsPostgres => true;

        protected override IReadOnlyDictionary<string, string?> ProviderSettings => settings;
    }

    public override async Task InitializeAsync()
    {
        var template = await Template.Value;
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await Execute(admin, $"CREATE DATABASE {DatabaseName} TEMPLATE {template} OWNER {OwnerRole}");
    }

    /// <summary>
    /// One database per run migrated by the real migrator (as the owner, with the API role's
    /// grants), copied for each test class: a copy takes a fraction of a second where migrating
    /// took several. The API still checks its migrations at start-up, and finds them applied.
    /// </summary>
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    private static async Task<string> CreateTemplateAsync()
    {
        var name = $"plugs_template_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            // Roles are cluster-wide, and other test processes may share the server.
            await Execute(admin, "SELECT pg_advisory_lock(4242)");
            await Execute(admin, $"""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{OwnerRole}') THEN
                        CREATE ROLE {OwnerRole} LOGIN CREATEROLE PASSWORD '{Password}';
                    END IF;
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{AppRole}') THEN
                        CREATE ROLE {AppRole} LOGIN PASSWORD '{Password}';
                    END IF;
                END $$;
                """);
            await DropTemplatesOfEndedRunsAsync(admin);
            await Execute(admin, "SELECT pg_advisory_unlock(4242)");
            await Execute(admin, $"CREATE DATABASE {name} OWNER {OwnerRole}");
        }
        // Unpooled: nobody may be connected to a database while it is copied.
        var options = new DatabaseOptions(DatabaseProvider.Postgres, Connection(name, AppRole, pooling: false), Connection(name, OwnerRole, pooling: false), MigrateOnStartup: true);
        await new DatabaseMigrator(options, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                using var admin = new NpgsqlConnection(AdminConnectionString);
                admin.Open();
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
                drop.ExecuteNonQuery();
            }
            catch (NpgsqlException)
            {
                // The server may already be gone (scripts/test.sh stops it); nothing to clean then.
            }
        };
        return name;
    }

    protected override async Task DropDatabaseAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await Execute(admin, $"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)");
    }

    /// <summary>A run killed before it could drop its template leaves it behind; the next run on this machine drops it.</summary>
    private static async Task DropTemplatesOfEndedRunsAsync(NpgsqlConnection admin)
    {
        var stale = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'plugs\\_template\\_%'", admin))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var database = reader.GetString(0);
                if (database.Split('_') is [_, _, var pid, _] && int.TryParse(pid, out var id) && !Directory.Exists($"/proc/{id}"))
                {
                    stale.Add(database);
                }
            }
        }
        foreach (var database in stale)
        {
            await Execute(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
