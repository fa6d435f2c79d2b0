using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Plugs.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Provider wiring shared by the API and the design-time factories of both migration projects.</summary>
public static class PlugsDatabase
{
    public const string PostgresMigrationsAssembly = "Plugs.Migrations.Postgres";
    public const string SqliteMigrationsAssembly = "Plugs.Migrations.Sqlite";
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    public static DbContextOptionsBuilder UsePlugsPostgres(this DbContextOptionsBuilder builder, NpgsqlDataSource dataSource) =>
        builder.UseNpgsql(dataSource, o => o.MigrationsAssembly(PostgresMigrationsAssembly).MigrationsHistoryTable(MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention();

    public static DbContextOptionsBuilder UsePlugsPostgres(this DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly).MigrationsHistoryTable(MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention();

    /// <summary>SQLite, with the text-folding functions its migrations call (<see cref="Common.TextFoldingSql"/>).</summary>
    public static DbContextOptionsBuilder UsePlugsSqlite(this DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly).MigrationsHistoryTable(MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(Common.TextFoldingSql.SqliteFunctions.Instance);
}
