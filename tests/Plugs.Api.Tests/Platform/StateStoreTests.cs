using System.Net;
using Microsoft.AspNetCore.Hosting;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Platform;

/// <summary>
/// Redis is connected once, while the host starts, never on a request's thread; an unreachable
/// Redis does not stop the start, and readiness says what is wrong while the client keeps trying.
/// </summary>
public sealed class StateStoreTests(PostgresApiFactory api) : IClassFixture<PostgresApiFactory>
{
    [Fact]
    public async Task An_unreachable_redis_leaves_the_api_live_but_not_ready()
    {
        // Port 1 on loopback: nothing listens there, the connect is refused at once.
        using var broken = api.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Redis", "127.0.0.1:1,connectTimeout=500,connectRetry=1"));
        using var client = broken.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.JsonAsync();
        Assert.Equal("Unhealthy", body["checks"]!["redis"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", body["checks"]!["database"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_redis_up_the_first_request_finds_it_connected()
    {
        using var client = api.CreateAnonymousClient();
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", (await ready.JsonAsync())["checks"]!["redis"]!["status"]!.GetValue<string>());
    }
}
