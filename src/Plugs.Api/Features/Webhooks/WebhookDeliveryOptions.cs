namespace Plugs.Api.Features.Webhooks;

/// <summary>How deliveries are sent and retried (configuration section <c>Webhooks</c>, beside the SSRF settings).</summary>
public sealed class WebhookDeliveryOptions
{
    /// <summary>Whether this instance runs the delivery worker (every instance may; they share the work).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How often an idle worker looks for due work (other instances' events, retries coming due).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Organizations worked on at once by one instance.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>Deliveries leased by one claim (a subscription's oldest due ones, sent in order).</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>How long a claim holds its deliveries; a worker that dies mid-batch frees them after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts before a delivery is dead: with the defaults below, retries spread over about three days.</summary>
    public int MaxAttempts { get; set; } = 15;

    /// <summary>The first retry's ceiling; each next one doubles it, up to <see cref="RetryCap"/> (full jitter: a uniform wait below the ceiling).</summary>
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan RetryCap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Dead deliveries in a row after which the subscription is disabled and the organization's admins are mailed.</summary>
    public int DisableAfterDeadDeliveries { get; set; } = 5;

    /// <summary>Seeds the retry jitter (tests); null draws from a shared generator.</summary>
    public int? RandomSeed { get; set; }
}
