namespace Plugs.Api.Features.Webhooks;

/// <summary>
/// When a failed delivery is tried again: exponential backoff with full jitter — after the n-th
/// failed attempt a uniform wait in [1 s, min(cap, base·2ⁿ⁻¹)] — so receivers recovering from an
/// outage are not hit by every sender at once. With the defaults (1 min base, 24 h cap, 15
/// attempts) the ceilings add up to about 5.4 days and the expected schedule to about 2.7 days. A
/// receiver's <c>Retry-After</c> is honoured as a lower bound (up to the cap).
/// </summary>
public sealed class WebhookRetrySchedule(WebhookDeliveryOptions options)
{
    private readonly Random _random = options.RandomSeed is { } seed ? new Random(seed) : Random.Shared;
    private readonly Lock _gate = new();

    /// <summary>Null when <paramref name="attempts"/> used up the schedule (the delivery is dead).</summary>
    public TimeSpan? NextDelay(int attempts, TimeSpan? retryAfter)
    {
        if (attempts >= options.MaxAttempts)
        {
            return null;
        }
        var ceiling = Math.Min(options.RetryCap.TotalSeconds, options.RetryBase.TotalSeconds * Math.Pow(2, attempts - 1));
        double draw;
        lock (_gate)
        {
            draw = _random.NextDouble();
        }
        var delay = TimeSpan.FromSeconds(Math.Max(1, draw * ceiling));
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked < options.RetryCap ? asked : options.RetryCap;
        }
        return delay;
    }
}
