using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Plugs.Api.Platform.Caching;

/// <summary>
/// A counter over a fixed window that starts at its first increment (throttling). Every operation
/// is one atomic step in the store, so concurrent callers each get a count of their own: of N
/// simultaneous increments exactly one sees each value 1..N. Windows are measured with the
/// application's <see cref="TimeProvider"/> on both stores, so tests move past them with a fake clock.
/// </summary>
public interface IAttemptCounter
{
    /// <summary>Adds one and returns the new count with the time left in its window.</summary>
    Task<(long Count, TimeSpan Remaining)> IncrementAsync(string key, TimeSpan window);

    /// <summary>Takes back one increment of the current window (never below zero); the window keeps its end.</summary>
    Task ReleaseAsync(string key);

    Task ResetAsync(string key);
}

internal sealed class RedisAttemptCounter(IConnectionMultiplexer redis, string prefix, TimeProvider clock) : IAttemptCounter
{
    // A hash {count, ends} (ends in Unix ms of the application's clock), in one script each, so
    // reading, restarting and counting a window are one atomic step. The key's own TTL only
    // collects garbage; whether a window is over is decided by `ends`.
    private const string IncrementScript = """
        local now = tonumber(ARGV[1])
        local ends = tonumber(redis.call('HGET', KEYS[1], 'ends'))
        if ends == nil or ends <= now then
            ends = now + tonumber(ARGV[2])
            redis.call('HSET', KEYS[1], 'count', 1, 'ends', ends)
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return { 1, ends - now }
        end
        return { redis.call('HINCRBY', KEYS[1], 'count', 1), ends - now }
        """;

    private const string ReleaseScript = """
        local ends = tonumber(redis.call('HGET', KEYS[1], 'ends'))
        if ends ~= nil and ends > tonumber(ARGV[1]) and tonumber(redis.call('HGET', KEYS[1], 'count')) > 0 then
            redis.call('HINCRBY', KEYS[1], 'count', -1)
        end
        return 0
        """;

    public async Task<(long Count, TimeSpan Remaining)> IncrementAsync(string key, TimeSpan window)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            IncrementScript, [Key(key)], [Now, (long)window.TotalMilliseconds]))!;
        return ((long)result[0], TimeSpan.FromMilliseconds((long)result[1]));
    }

    public Task ReleaseAsync(string key) => redis.GetDatabase().ScriptEvaluateAsync(ReleaseScript, [Key(key)], [Now]);

    public Task ResetAsync(string key) => redis.GetDatabase().KeyDeleteAsync(Key(key));

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    // "counters:" rather than the earlier "attempts:", whose values were plain strings.
    private RedisKey Key(string key) => prefix + "counters:" + key;
}

internal sealed class InProcessAttemptCounter(TimeProvider clock) : IAttemptCounter
{
    private readonly ConcurrentDictionary<string, (long Count, DateTimeOffset Ends)> counters = new();

    private const int PruneAbove = 10_000;

    public Task<(long Count, TimeSpan Remaining)> IncrementAsync(string key, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        if (counters.Count > PruneAbove)
        {
            // Expired windows would otherwise pile up for every address ever seen.
            foreach (var stale in counters.Where(c => c.Value.Ends <= now).Select(c => c.Key).ToList())
            {
                counters.TryRemove(stale, out _);
            }
        }
        // AddOrUpdate retries its update until no other caller changed the entry in between, so
        // the value returned is the one this call stored: no two callers get the same count.
        var entry = counters.AddOrUpdate(key,
            _ => (1, now + window),
            (_, e) => e.Ends <= now ? (1, now + window) : (e.Count + 1, e.Ends));
        return Task.FromResult((entry.Count, entry.Ends - now));
    }

    public Task ReleaseAsync(string key)
    {
        var now = clock.GetUtcNow();
        // Compare-and-swap until this call's decrement lands or there is nothing left to take back.
        while (counters.TryGetValue(key, out var e) && e.Ends > now && e.Count > 0)
        {
            if (counters.TryUpdate(key, (e.Count - 1, e.Ends), e))
            {
                break;
            }
        }
        return Task.CompletedTask;
    }

    public Task ResetAsync(string key)
    {
        counters.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
