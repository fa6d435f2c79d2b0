using Microsoft.Extensions.Diagnostics.HealthChecks;
using Plugs.Data.Jobs;
using Quartz;

namespace Plugs.Api.Platform.Jobs;

/// <summary>
/// Healthy while the scheduler runs. Each job's last run, duration, outcome and next run go into the
/// check's data (shown in <c>/health/ready</c>); a job whose last run failed makes the check
/// Degraded, not Unhealthy (so is a scheduler not yet or no longer running): the instance still serves requests.
/// </summary>
public sealed class JobsHealthCheck(ISchedulerFactory schedulers, JobStatusReader reader) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var jobs = await reader.ReadAsync(cancellationToken);
        var data = jobs.ToDictionary(j => j.Name, object (j) => j);
        if (scheduler.Status != SchedulerStatus.Running)
        {
            // Still starting or stopping: the instance serves requests all the same.
            return HealthCheckResult.Degraded($"The job scheduler is {scheduler.Status.ToString().ToLowerInvariant()}.", data: data);
        }
        return jobs.Any(j => j.LastOutcome == JobRun.Failed)
            ? HealthCheckResult.Degraded("A job's last run failed.", data: data)
            : HealthCheckResult.Healthy("The job scheduler is running.", data);
    }
}
