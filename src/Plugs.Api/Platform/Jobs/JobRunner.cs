using Plugs.Data.Jobs;

namespace Plugs.Api.Platform.Jobs;

/// <summary>
/// Runs a registered job at once in this process, through the same recorder as the scheduler (for
/// tests: the run takes this host's clock, and the caller awaits it instead of polling).
/// </summary>
public sealed class JobRunner(JobRegistry registry, JobRunRecorder recorder, IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>What <c>job_runs.instance_name</c> says of a run started here rather than by the scheduler.</summary>
    public const string InstanceName = "run-now";

    public Task<JobRun> RunNowAsync(string name, CancellationToken ct = default) =>
        registry.Find(name) is { } job
            ? job.RunNow(recorder, scopes, clock.GetUtcNow(), ct)
            : throw new ArgumentException($"No job is named '{name}'.", nameof(name));
}

/// <summary>The registered jobs, as a service.</summary>
public sealed class JobRegistry(IReadOnlyList<RegisteredJob> jobs)
{
    public IReadOnlyList<RegisteredJob> Jobs => jobs;

    public RegisteredJob? Find(string name) => jobs.FirstOrDefault(j => j.Name == name);
}
