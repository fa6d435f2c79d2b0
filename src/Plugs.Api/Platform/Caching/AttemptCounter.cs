using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Plugs.Api.Platform.Caching;

/// <summary>A counter that expires a fixed time after its first increment (login throttling).</summary>
public interface IAttemptCounter
{
    /// <summary>Adds one and returns the new count with the time left in its window.</summary>
    Task<(long Count, TimeSpan Remaining)> IncrementAsync(string key, TimeSpan window);

    Task<(long Count, TimeSpan Remaining)> GetAsync(string key);

    Task ResetAsync(string key);
}

internal sealed class RedisAttemptCounter(IConnectionMultiplexer redis, string prefix) : IAttemptCounter
{
    // INCR and the first PEXPIRE in one atomic step; returns the count and the TTL left.
    private const string IncrementScript = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return { n, redis.call('PTTL', KEYS[1]) }
        """;

    public async Task<(long Count, TimeSpan Remaining)> IncrementAsync(string key, TimeSpan window)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            IncrementScript, [Key(key)], [(long)window.TotalMilliseconds]))!;
        return ((long)result[0], TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1])));
    }

    public async Task<(long Count, TimeSpan Remaining)> GetAsync(string key)
    {
        var db = redis.GetDatabase();
        var value = await db.StringGetWithExpiryAsync(Key(key));
        return value.Value.IsNull ? (0, TimeSpan.Zero) : ((long)value.Value, value.Expiry ?? TimeSpan.Zero);
    }

    public Task ResetAsync(string key) => redis.GetDatabase().KeyDeleteAsync(Key(key));

    private RedisKey Key(string key) => prefix + "attempts:" + key;
}

internal sealed class InProcessAttemptCounter(TimeProvider clock) : IAttemptCounter
{
    private readonly ConcurrentDictionary<string, (long Count, DateTimeOffset Expires)> counters = new();

    private const int PruneAbove = 10_000;

    public Task<(long Count, TimeSpan Remaining)> IncrementAsync(string key, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        if (counters.Count > PruneAbove)
        {
            // Expired windows would otherwise pile up for every address ever seen.
            foreach (var stale in counters.Where(c => c.Value.Expires <= now).Select(c => c.Key).ToList())
            {
                counters.TryRemove(stale, out _);
            }
        }
        var entry = counters.AddOrUpdate(key,
            _ => (1, now + window),
            (_, e) => e.Expires <= now ? (1, now + window) : (e.Count + 1, e.Expires));
        return Task.FromResult((entry.Count, entry.Expires - now));
    }

    public Task<(long Count, TimeSpan Remaining)> GetAsync(string key)
    {
        var now = clock.GetUtcNow();
        return Task.FromResult(counters.TryGetValue(key, out var e) && e.Expires > now
            ? (e.Count, e.Expires - now)
            : (0L, TimeSpan.Zero));
    }

    public Task ResetAsync(string key)
    {
        counters.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
