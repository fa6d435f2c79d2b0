using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;

namespace Plugs.Api.Platform.Caching;

/// <summary>
/// Where shared, short-lived state lives (session checks, throttling counters, cache):
/// Redis when <c>ConnectionStrings__Redis</c> is set, so every instance sees the same state;
/// in-process otherwise (the single-node embedded default).
/// </summary>
public static class StateStoreSetup
{
    public static WebApplicationBuilder AddStateStore(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var redis = builder.Configuration.GetConnectionString("Redis");
        var prefix = builder.Configuration["Redis:KeyPrefix"] ?? "plugs:";
        if (string.IsNullOrWhiteSpace(redis))
        {
            services.AddDistributedMemoryCache();
            services.AddMemoryCache();
            services.AddSingleton<IAttemptCounter, InProcessAttemptCounter>();
            services.AddSingleton<ISharedState, InProcessSharedState>();
            return builder;
        }
        var configuration = ConfigurationOptions.Parse(redis);
        configuration.AbortOnConnectFail = false;
        // Complete Redis replies on the .NET thread pool rather than the client's own dedicated
        // threads: on small machines the extra threads' hand-offs cost more than they save
        // (every authenticated request reads its session from here).
        configuration.SocketManager = SocketManager.ThreadPool;
        services.AddSingleton(new RedisConnection(configuration));
        services.AddHostedService(sp => sp.GetRequiredService<RedisConnection>());
        services.AddSingleton<IConnectionMultiplexer>(sp => sp.GetRequiredService<RedisConnection>().Multiplexer);
        services.AddStackExchangeRedisCache(o => o.InstanceName = prefix + "cache:");
        services.AddOptions<RedisCacheOptions>().Configure<IConnectionMultiplexer>((o, multiplexer) =>
            o.ConnectionMultiplexerFactory = () => Task.FromResult(multiplexer));
        services.AddSingleton<IAttemptCounter>(sp => new RedisAttemptCounter(sp.GetRequiredService<IConnectionMultiplexer>(), prefix, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISharedState>(sp => new RedisSharedState(sp.GetRequiredService<IConnectionMultiplexer>(), prefix));
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return builder;
    }
}

/// <summary>
/// Connects to Redis once, asynchronously, while the host starts — before the first request — so
/// that no request thread ever blocks on the handshake (a synchronous connect inside a request
/// waits for thread-pool work, and on a busy 2-core machine can time out the request). With
/// <see cref="ConfigurationOptions.AbortOnConnectFail"/> off, an unreachable Redis does not stop
/// the start: the client keeps reconnecting, and readiness reports it.
/// </summary>
internal sealed class RedisConnection(ConfigurationOptions configuration) : IHostedService
{
    private readonly Lazy<Task<ConnectionMultiplexer>> connecting = new(() => ConnectionMultiplexer.ConnectAsync(configuration));

    /// <summary>The connection; already made by <see cref="StartAsync"/> when the host has started.</summary>
    public IConnectionMultiplexer Multiplexer => connecting.Value.GetAwaiter().GetResult();

    public Task StartAsync(CancellationToken cancellationToken) => connecting.Value;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:0.0} ms");
        }
        catch (RedisException e)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer.", e);
        }
    }
}
