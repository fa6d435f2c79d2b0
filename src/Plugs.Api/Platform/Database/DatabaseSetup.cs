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
        services.AddScoped<Plugs.Data.Audit.RequestOrigin>();
        services.AddSingleton<AuditStampInterceptor>();
        services.AddSingleton<TenantConnectionInterceptor>();
        services.AddSingleton<FailedStatementGuard>();
        services.AddSingleton<PrefetchedReads>();
        services.AddSingleton<DatabaseMigrator>();

        // Contexts are pooled (building one is a measurable share of a cheap request); each
        // request rents one, hands it the request's tenant, and returns it when the scope ends.
        if (options.Provider == DatabaseProvider.Postgres)
        {
            services.AddSingleton(_ => CreateDataSource(options.ConnectionString));
            services.AddPooledDbContextFactory<PlugsDbContext>((sp, o) => o
                .UsePlugsPostgres(sp.GetRequiredService<NpgsqlDataSource>())
                .AddInterceptors(sp.GetRequiredService<TenantConnectionInterceptor>(), sp.GetRequiredService<AuditStampInterceptor>(),
                    sp.GetRequiredService<FailedStatementGuard>(), sp.GetRequiredService<PrefetchedReads>()));
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            services.AddPooledDbContextFactory<PlugsDbContext>((sp, o) => o
                .UsePlugsSqlite(options.ConnectionString)
                .AddInterceptors(sp.GetRequiredService<AuditStampInterceptor>()));
        }
        services.AddScoped<RequestConnection>();
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<PlugsDbContext>>().CreateDbContext();
            db.Tenant = sp.GetRequiredService<TenantContext>();
            db.Clock = sp.GetRequiredService<TimeProvider>();
            db.Origin = sp.GetRequiredService<Plugs.Data.Audit.RequestOrigin>();
            return db;
        });
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        // Keys for encrypting secrets at rest (integration credentials, webhook secrets) live in
        // the database, so every instance shares them and backups include them.
        // With a certificate configured, the keys are stored encrypted to it (KeyEncryption).
        services.AddDataProtection().SetApplicationName("the-plugs").PersistKeysToDbContext<PlugsDbContext>()
            .ProtectKeysWhenConfigured(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// The PostgreSQL data source. Unless the connection string says otherwise, Npgsql prepares the
    /// statements a connection runs repeatedly (<c>Max Auto Prepare</c>), and the sessions plan a
    /// prepared statement once (<c>plan_cache_mode=force_generic_plan</c>), so the API's hot
    /// queries are parsed and planned once per pooled connection instead of on every request.
    /// Without the second, PostgreSQL kept planning the list's page query on every execution: its
    /// generic plan, costed for an unknown LIMIT, never looked as cheap as a plan for LIMIT 50
    /// (a quarter of PostgreSQL's CPU per list request; bench/README.md). Every hot query filters
    /// on a tenant-led index first, so one plan serves every tenant.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        if (!connectionString.Replace(" ", "", StringComparison.Ordinal).Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            settings.MaxAutoPrepare = 200;
            settings.AutoPrepareMinUsages = 2;
        }
        if (!connectionString.Contains("plan_cache_mode", StringComparison.OrdinalIgnoreCase))
        {
            settings.Options = $"{settings.Options} -c plan_cache_mode=force_generic_plan".Trim();
        }
        return builder.Build();
    }

    /// <summary>Where the embedded defaults keep their files: <c>Storage:DataDirectory</c>, default <c>./data</c>.</summary>
    public static string DataDirectory(this IConfiguration configuration) =>
        Path.GetFullPath(configuration["Storage:DataDirectory"] ?? "data");
}
