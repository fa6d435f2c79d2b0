using Plugs.Data;
using Quartz;

namespace Plugs.Api.Platform.Jobs;

/// <summary>What <c>/health/ready</c> and <c>GET /admin/jobs</c> say about a job: names and times only.</summary>
public sealed record JobStatus(
    string Name,
    string Schedule,
    DateTime? LastRunAt,
    long? LastDurationMs,
    string? LastOutcome,
    string? LastError,
    DateTime? NextRunAt);

/// <summary>
/// Reads each registered job's last run from <c>job_runs</c> (one indexed query) and its next fire
/// time from the scheduler (shared by the cluster on PostgreSQL). The last run's summary of counts is
/// not shown: it is totals across every organization.
/// </summary>
public sealed class JobStatusReader(JobRegistry registry, IDbContextFactory<PlugsDbContext> contexts, ISchedulerFactory schedulers)
{
    public async Task<List<JobStatus>> ReadAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var names = registry.Jobs.Select(j => j.Name).ToList();
        var last = await db.JobRuns.AsNoTracking()
            .Where(r => names.Contains(r.JobName))
            .GroupBy(r => r.JobName)
            .Select(g => g.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).First())
            .ToDictionaryAsync(r => r.JobName, ct);
        var scheduler = await schedulers.GetScheduler(ct);
        var statuses = new List<JobStatus>();
        foreach (var job in registry.Jobs)
        {
            var trigger = await scheduler.GetTrigger(new TriggerKey(job.Name), ct);
            last.TryGetValue(job.Name, out var run);
            statuses.Add(new JobStatus(job.Name, job.Cron,
                run?.StartedAt,
                run?.DurationMs, run?.Outcome, run?.Error, trigger?.NextFireTimeUtc?.UtcDateTime));
        }
        return statuses;
    }
}
