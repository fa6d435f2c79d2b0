
namespace Plugs.Api.Platform.Database;

/// <summary>
/// Which database the API uses, read once from configuration:
/// <c>Database__Provider</c> = <c>Sqlite</c> (default) or <c>Postgres</c>, with
/// <c>ConnectionStrings__Sqlite</c>, <c>ConnectionStrings__Postgres</c> (the API's own, non-owner
/// role) and optionally <c>ConnectionStrings__PostgresMigrations</c> (the role that owns the schema).
/// </summary>
public sealed record DatabaseOptions(
    DatabaseProvider Provider,
    string ConnectionString,
    string MigrationConnectionString,
    bool MigrateOnStartup)
{
    public static DatabaseOptions From(IConfiguration configuration, string dataDirectory)
    {
        var providerName = configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider) || !Enum.IsDefined(provider))
        {
            throw new InvalidOperationException(
                $"Database:Provider '{providerName}' is not supported; use one of: {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
        }
        if (provider == DatabaseProvider.Sqlite)
        {
            var sqlite = configuration.GetConnectionString("Sqlite")
                ?? $"Data Source={Path.Combine(dataDirectory, "plugs.db")}";
            return new(provider, sqlite, sqlite, configuration.GetValue("Database:MigrateOnStartup", true));
        }
        var postgres = configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Postgres is not set.");
        var migrations = configuration.GetConnectionString("PostgresMigrations") ?? postgres;
        return new(provider, postgres, migrations, configuration.GetValue("Database:MigrateOnStartup", false));
    }
}
