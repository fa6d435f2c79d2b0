using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Plugs.Api.Tests.Infrastructure;
using Quartz;

namespace Plugs.Api.Tests.Jobs;

/// <summary>The scheduler runs the registered jobs; their last run and next run show in /admin/jobs and /health/ready.</summary>
public abstract class JobSchedulerTests(PlugsApiFactory api)
{
    private sealed class Finished(string name, JobKey job) : IJobListener
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => name;

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            if (context.JobDetail.Key.Equals(job))
            {
                Done.TrySetResult();
            }
            return ValueTask.CompletedTask;
        }
    }

    private static readonly string[] Fields = ["name", "schedule", "last_run_at", "last_duration_ms", "last_outcome", "last_error", "next_run_at"];

    private static async Task<JsonObject> JobAsync(Account admin, string name)
    {
        var response = await admin.Client.GetAsync("/api/v1/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonArrayAsync()).Single(j => j!["name"]!.GetValue<string>() == name)!.AsObject();
    }

    [Fact]
    public async Task A_job_triggered_through_the_scheduler_runs_and_reports_its_run()
    {
        var admin = await api.RegisterAsync();
        var before = await JobAsync(admin, "expired_token_purge");
        Assert.Equal(Fields.Order(), before.Select(p => p.Key).Order());
        Assert.Equal("0 15 * * * ?", before["schedule"]!.GetValue<string>());
        Assert.True(before["next_run_at"]!.GetValue<DateTime>() > DateTime.UtcNow);
        var runsBefore = (await api.Services.RunsAsync("expired_token_purge")).Count;

        var scheduler = await api.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        // The run happens on the scheduler's thread: a listener says when it has finished (its run recorded).
        var key = new JobKey("expired_token_purge");
        var finished = new Finished($"test-{Guid.NewGuid():N}", key);
        scheduler.ListenerManager.AddJobListener(finished);
        try
        {
            await scheduler.TriggerJob(key);
            await finished.Done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            scheduler.ListenerManager.RemoveJobListener(finished.Name);
        }
        Assert.Equal(runsBefore + 1, (await api.Services.RunsAsync("expired_token_purge")).Count);

        var job = await JobAsync(admin, "expired_token_purge");
        Assert.Equal("succeeded", job["last_outcome"]!.GetValue<string>());
        Assert.Null(job["last_error"]);
        Assert.True(job["last_duration_ms"]!.GetValue<long>() >= 0);
        Assert.True(job["last_run_at"]!.GetValue<DateTime>() > DateTime.UtcNow.AddMinutes(-5));
        Assert.EndsWith("Z", job["last_run_at"]!.GetValue<string>(), StringComparison.Ordinal);

        using var anonymous = api.CreateAnonymousClient();
        var ready = await (await anonymous.GetAsync("/health/ready")).JsonAsync();
        Assert.Equal("Healthy", ready["checks"]!["jobs"]!["status"]!.GetValue<string>());
        var data = ready["checks"]!["jobs"]!["data"]!;
        Assert.Equal("succeeded", data["expired_token_purge"]!["last_outcome"]!.GetValue<string>());
        Assert.NotNull(data["soft_delete_purge"]!["next_run_at"]);
    }

    [Fact]
    public async Task The_job_list_is_for_admins_of_any_organization_and_names_jobs_and_times_only()
    {
        var admin = await api.RegisterAsync();
        var otherAdmin = await api.RegisterAsync(organization: "Other");
        var member = await api.AddMemberAsync(admin);
        var list = await (await admin.Client.GetAsync("/api/v1/admin/jobs")).JsonArrayAsync();
        Assert.Equal(["audit_retention", "expired_token_purge", "soft_delete_purge"], list.Select(j => j!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(list, j => Assert.Equal(Fields.Order(), j!.AsObject().Select(p => p.Key).Order()));
        Assert.Equal(HttpStatusCode.OK, (await otherAdmin.Client.GetAsync("/api/v1/admin/jobs")).StatusCode);

        var problem = await (await member.Client.GetAsync("/api/v1/admin/jobs")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("admin_required", problem["code"]!.GetValue<string>());
        using var anonymous = api.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/admin/jobs")).StatusCode);
        var unknown = await (await admin.Client.GetAsync("/api/v1/admin/jobs?name=soft_delete_purge")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(unknown["errors"]!["name"]);
    }
}

public sealed class JobSchedulerTestsOnSqlite(SqliteApiFactory api) : JobSchedulerTests(api), IClassFixture<SqliteApiFactory>;

public sealed class JobSchedulerTestsOnPostgres(PostgresApiFactory api) : JobSchedulerTests(api), IClassFixture<PostgresApiFactory>;
