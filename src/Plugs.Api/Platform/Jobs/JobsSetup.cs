using Plugs.Api.Features.Maintenance;
using Plugs.Api.Platform.Database;
using Quartz;

namespace Plugs.Api.Platform.Jobs;

/// <summary>
/// The one scheduler for every recurring job: Quartz.NET. On PostgreSQL its clustered ADO.NET job
/// store (the <c>qrtz_*</c> tables, same database, the API's own connection string): instances
/// share the triggers, and a fire time is taken by one instance under Quartz's row lock on
/// <c>qrtz_locks</c>, held only for its transaction, so a job runs once per schedule across
/// instances and nothing depends on session state (safe behind a transaction pooler). On SQLite
/// (one node) an in-memory store. Quartz reads "now" from the product's <see cref="TimeProvider"/>.
/// </summary>
public static class JobsSetup
{
    /// <summary>The name every instance's scheduler shares: the cluster is the set of schedulers with this name in one database.</summary>
    public const string SchedulerName = "plugs";

    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = JobOptions.From(builder.Configuration);
        var database = DatabaseOptions.From(builder.Configuration, builder.Configuration.DataDirectory());
        services.AddSingleton(options);
        services.AddSingleton<JobRunRecorder>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<EveryOrganization>();
        services.AddSingleton<JobStatusReader>();
        IReadOnlyList<RegisteredJob> registered = [];
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = SchedulerName;
                s.GenerateInstanceId = true;
            });
            if (database.Provider == DatabaseProvider.Postgres)
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(database.ConnectionString);
                    store.UseClustering();
                    store.UseSystemTextJsonSerializer();
                });
            }
            else
            {
                q.UseInMemoryStore();
            }

            // Every recurring job, one line each: name, body, default schedule (Quartz cron, UTC).
            registered = new JobCatalog(services, q, builder.Configuration)
                .Add<SoftDeletePurge>("soft_delete_purge", "0 30 3 * * ?")
                .Add<ExpiredTokenPurge>("expired_token_purge", "0 15 * * * ?")
                .Add<Features.Audit.AuditRetentionPurge>("audit_retention", "0 45 3 * * ?")
                .Jobs;
        });
        services.AddSingleton(_ => new JobRegistry(registered));
        // Started with the host, not after it: the first request already finds the scheduler running.
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AwaitApplicationStarted = false;
        });
        services.AddHealthChecks().AddCheck<JobsHealthCheck>("jobs", tags: ["ready"]);
        return builder;
    }
}
