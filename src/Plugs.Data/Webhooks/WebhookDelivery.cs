using Plugs.Data.Audit;
using Plugs.Data.Common;

namespace Plugs.Data.Webhooks;

/// <summary>
/// One event on its way to one subscription. The worker leases a subscription's oldest due
/// deliveries (<see cref="LeaseUntil"/>, <see cref="LeaseOwner"/>), sends them in order of their
/// events and records each outcome; a failure is retried with backoff until the schedule ends
/// (<see cref="WebhookDeliveryStatus.Dead"/>).
/// </summary>
[NotAudited("delivery bookkeeping: the worker writes it on every attempt")]
public sealed class WebhookDelivery : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public Guid SubscriptionId { get; set; }
    public Guid EventId { get; set; }
    public required string EventType { get; set; }
    /// <summary>
    /// The delivery's place in its organization's line, given by the dispatcher in the order of the
    /// events (one dispatcher per organization at a time): a subscription's deliveries go out in this order.
    /// </summary>
    public long Sequence { get; set; }
    public WebhookDeliveryStatus Status { get; set; } = WebhookDeliveryStatus.Pending;
    public int AttemptCount { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public Guid? LeaseOwner { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    /// <summary>What went wrong on the last attempt (a status line, a timeout, a refused address): never a response body.</summary>
    public string? LastError { get; set; }
    public int? LastDurationMs { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum WebhookDeliveryStatus
{
    /// <summary>Not attempted yet (or sent again on request).</summary>
    Pending,
    /// <summary>Attempted and failed; retried at <see cref="WebhookDelivery.NextAttemptAt"/>.</summary>
    Failed,
    Succeeded,
    /// <summary>Failed on its last scheduled attempt (or its subscription answered 410 Gone); not retried unless redelivered.</summary>
    Dead,
}
