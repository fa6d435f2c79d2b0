using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace Plugs.Api.Platform.Caching;

/// <summary>
/// Small shared key-value state with expiry and an atomic "set if absent" (which
/// <c>IDistributedCache</c> lacks): Redis across instances, memory on a single node.
/// </summary>
public interface ISharedState
{
    Task<string?> GetAsync(string key);
    Task SetAsync(string key, string value, TimeSpan ttl);
    /// <summary>Writes only when the key is absent, so a slow reader cannot overwrite a newer marker; true when written.</summary>
    Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan ttl);

    Task RemoveAsync(string key);
}

internal sealed class RedisSharedState(IConnectionMultiplexer redis, string prefix) : ISharedState
{
    public async Task<string?> GetAsync(string key) => await redis.GetDatabase().StringGetAsync(prefix + key);

    public Task SetAsync(string key, string value, TimeSpan ttl) =>
        redis.GetDatabase().StringSetAsync(prefix + key, value, ttl);

    public Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan ttl) =>
        redis.GetDatabase().StringSetAsync(prefix + key, value, ttl, When.NotExists);

    public Task RemoveAsync(string key) => redis.GetDatabase().KeyDeleteAsync(prefix + key);
}

internal sealed class InProcessSharedState(IMemoryCache cache) : ISharedState
{
    private readonly Lock gate = new();

    public Task<string?> GetAsync(string key) => Task.FromResult(cache.Get<string>(key));

    public Task SetAsync(string key, string value, TimeSpan ttl)
    {
        lock (gate)
        {
            cache.Set(key, value, ttl);
        }
        return Task.CompletedTask;
    }

    public Task<bool> SetIfAbsentAsync(string key, string value, TimeSpan ttl)
    {
        lock (gate)
        {
            if (cache.TryGetValue(key, out _))
            {
                return Task.FromResult(false);
            }
            cache.Set(key, value, ttl);
            return Task.FromResult(true);
        }
    }

    public Task RemoveAsync(string key)
    {
        lock (gate)
        {
            cache.Remove(key);
        }
        return Task.CompletedTask;
    }
}
