using System.Diagnostics;
using Plugs.Data;
using Plugs.Data.Jobs;
using Quartz;

namespace Plugs.Api.Platform.Jobs;

/// <summary>
/// A recurring job of the product: set-based, in batches, idempotent (running it twice, or on two
/// instances one after the other, changes nothing the first run did not). It takes "now" from the
/// injected <see cref="TimeProvider"/> and answers a one-line summary of its counts, which is logged
/// and kept in <c>job_runs</c>. Register it with one line in <see cref="JobsSetup"/>.
/// </summary>
public interface IRecurringJob
{
    Task<string> RunAsync(CancellationToken ct);
}

/// <summary>
/// The Quartz job behind every <see cref="IRecurringJob"/>: it times the run, logs it and records it
/// in <c>job_runs</c> (outcome, duration, counts, or the failure's type and message). Never
/// concurrent with itself: in a cluster, Quartz's row lock hands each fire time to one instance,
/// and this attribute keeps a slow run from overlapping the next.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RecurringJob<TJob>(IServiceScopeFactory scopes, JobRunRecorder recorder) : IJob where TJob : class, IRecurringJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var scheduled = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        await recorder.RunAsync<TJob>(scopes, context.JobDetail.Key.Name, scheduled, context.Scheduler.SchedulerInstanceId, cancellationToken);
    }
}

/// <summary>Runs a job's body and writes its <see cref="JobRun"/>; the scheduler and <see cref="JobRunner"/> both go through it.</summary>
public sealed class JobRunRecorder(IDbContextFactory<PlugsDbContext> contexts, TimeProvider clock, ILogger<JobRunRecorder> logger)
{
    public async Task<JobRun> RunAsync<TJob>(IServiceScopeFactory scopes, string name, DateTimeOffset scheduled, string instance, CancellationToken ct)
        where TJob : class, IRecurringJob
    {
        var started = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var run = new JobRun { JobName = name, Outcome = JobRun.Succeeded, InstanceName = instance, ScheduledAt = scheduled.UtcDateTime, StartedAt = started.UtcDateTime };
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            run.Summary = Cut(await scope.ServiceProvider.GetRequiredService<TJob>().RunAsync(ct));
            logger.LogInformation("Job {Job} succeeded in {Elapsed} ms: {Summary}", name, watch.ElapsedMilliseconds, run.Summary);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            run.Outcome = JobRun.Failed;
            // The type and message only: no stack, no inner exception's data, no connection string
            // (Npgsql and SQLite messages name the statement's failure, not the credentials).
            run.Error = Cut($"{e.GetType().Name}: {e.Message}");
            logger.LogError(e, "Job {Job} failed after {Elapsed} ms", name, watch.ElapsedMilliseconds);
        }
        run.DurationMs = watch.ElapsedMilliseconds;
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        db.Clock = clock;
        db.JobRuns.Add(run);
        await db.SaveChangesAsync(CancellationToken.None);
        // The history is small: a run's record is kept for 30 days.
        var keepFrom = run.StartedAt.AddDays(-30);
        await db.JobRuns.Where(r => r.JobName == name && r.StartedAt < keepFrom).ExecuteOperationalDeleteAsync(CancellationToken.None);
        return run;
    }

    private static string? Cut(string? text) => text is { Length: > 500 } ? text[..500] : text;
}
