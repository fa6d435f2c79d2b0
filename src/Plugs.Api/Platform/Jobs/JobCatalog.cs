using Quartz;

namespace Plugs.Api.Platform.Jobs;

/// <summary>One recurring job: its name (the Quartz job and trigger key), its schedule, and how to run it.</summary>
public sealed record RegisteredJob(string Name, string Cron, Type JobType, Func<JobRunRecorder, IServiceScopeFactory, DateTimeOffset, CancellationToken, Task<Data.Jobs.JobRun>> RunNow);

/// <summary>
/// Every recurring job of the product. <see cref="Add{TJob}"/> is the one line a new job needs: it
/// registers the job's body (scoped), its Quartz job and its cron trigger (UTC), and lists it in
/// <c>/health/ready</c> and <c>GET /admin/jobs</c>. A schedule can be overridden per job with
/// <c>Jobs:Schedules:&lt;name&gt;</c> (a Quartz cron expression).
/// </summary>
public sealed class JobCatalog(IServiceCollection services, IQuartzBuilder quartz, IConfiguration configuration)
{
    private readonly List<RegisteredJob> _jobs = [];

    public IReadOnlyList<RegisteredJob> Jobs => _jobs;

    public JobCatalog Add<TJob>(string name, string cron) where TJob : class, IRecurringJob
    {
        cron = configuration[$"Jobs:Schedules:{name}"] ?? cron;
        if (!CronExpression.TryParse(cron, out _))
        {
            throw new InvalidOperationException($"Jobs:Schedules:{name} is not a Quartz cron expression: '{cron}'.");
        }
        services.AddScoped<TJob>();
        quartz.ScheduleJob<RecurringJob<TJob>>(
            t => t.WithIdentity(name)
                // A fire time missed while no instance ran is skipped, not made up: the next one does the same work.
                .WithCronSchedule(cron, c => c.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)),
            j => j.WithIdentity(name).StoreDurably().WithDescription(name));
        _jobs.Add(new RegisteredJob(name, cron, typeof(TJob),
            (recorder, scopes, now, ct) => recorder.RunAsync<TJob>(scopes, name, now, JobRunner.InstanceName, ct)));
        return this;
    }
}
