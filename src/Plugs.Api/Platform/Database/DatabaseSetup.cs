using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using Plugs.Data.Common;
using Plugs.Data.Tenancy;

namespace Plugs.Api.Platform.Database;

public static class DatabaseSetup
{
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        var dataDirectory = builder.Configuration.DataDirectory();
        var options = DatabaseOptions.From(builder.Configuration, dataDirectory);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddScoped<TenantContext>();
        services.AddSingleton<AuditStampInterceptor>();
        services.AddSingleton<TenantConnectionInterceptor>();
        services.AddSingleton<DatabaseMigrator>();

        if (options.Provider == DatabaseProvider.Postgres)
        {
            services.AddSingleton(_ => new NpgsqlDataSourceBuilder(options.ConnectionString).Build());
            services.AddDbContext<PlugsDbContext>((sp, o) => o
                .UsePlugsPostgres(sp.GetRequiredService<NpgsqlDataSource>())
                .AddInterceptors(sp.GetRequiredService<TenantConnectionInterceptor>(), sp.GetRequiredService<AuditStampInterceptor>()));
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            services.AddDbContext<PlugsDbContext>((sp, o) => o
                .UsePlugsSqlite(options.ConnectionString)
                .AddInterceptors(sp.GetRequiredService<AuditStampInterceptor>()));
        }
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        // Keys for encrypting secrets at rest (integration credentials, webhook secrets) live in
        // the database, so every instance shares them and backups include them.
        services.AddDataProtection().SetApplicationName("the-plugs").PersistKeysToDbContext<PlugsDbContext>();
        return builder;
    }

    /// <summary>Where the embedded defaults keep their files: <c>Storage:DataDirectory</c>, default <c>./data</c>.</summary>
    public static string DataDirectory(this IConfiguration configuration) =>
        Path.GetFullPath(configuration["Storage:DataDirectory"] ?? "data");
}
