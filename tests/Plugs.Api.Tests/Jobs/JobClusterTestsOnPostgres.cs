using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Jobs;

/// <summary>
/// Two API instances on one PostgreSQL: Quartz's clustered store hands each fire time of a
/// schedule to one of them. The job is scheduled every second on both, so without the cluster
/// each second would run twice.
/// </summary>
public sealed class JobClusterTestsOnPostgres(PostgresApiFactory api) : IClassFixture<PostgresApiFactory>
{
    private static WebApplicationFactory<Program> EverySecond(WebApplicationFactory<Program> factory) =>
        factory.WithWebHostBuilder(b => b.UseSetting("Jobs:Schedules:expired_token_purge", "* * * * * ?"));

    [Fact]
    public async Task Two_instances_run_each_scheduled_fire_time_once()
    {
        await using var peer = api.CreatePeer();
        await using var first = EverySecond(api);
        await using var second = EverySecond(peer);
        _ = first.Server;
        _ = second.Server;

        var watch = Stopwatch.StartNew();
        while ((await first.Services.RunsAsync("expired_token_purge")).Count < 8)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(90), "The every-second job did not run 8 times within 90 s.");
            await Task.Delay(200);
        }
        var runs = await second.Services.RunsAsync("expired_token_purge");
        Assert.All(runs, r => Assert.Equal("succeeded", r.Outcome));
        // Each scheduled time ran once, whichever instance took it.
        Assert.Equal(runs.Count, runs.Select(r => r.ScheduledAt).Distinct().Count());
        Assert.All(runs, r => Assert.NotEqual("run-now", r.InstanceName));
    }
}
