using Plugs.Data.Audit;
using Plugs.Data.Common;

namespace Plugs.Data.Webhooks;

/// <summary>
/// The transactional outbox of webhooks: one row per event, added to the same save (so the same
/// transaction) as the change that causes it, so an event exists exactly when its change committed.
/// The delivery worker fans each event out to the subscriptions that want it
/// (<see cref="WebhookDelivery"/>) and marks it dispatched; events no one subscribes to end there.
/// </summary>
[NotAudited("the outbox: what an audited change sends, not a change of its own")]
public sealed class WebhookEvent : ITenantOwned
{
    /// <summary>The <c>webhook-id</c> of every delivery of the event: stable across retries, so receivers de-duplicate by it.</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public required string EventType { get; set; }
    /// <summary>The request body sent, exactly (<c>{"type", "timestamp", "data"}</c>); signatures cover these bytes.</summary>
    public required string Payload { get; set; }
    /// <summary>For a <c>ping</c>: the one subscription it goes to; null for events every matching subscription receives.</summary>
    public Guid? SubscriptionId { get; set; }
    public bool IsDispatched { get; set; }
    public DateTime CreatedAt { get; set; }
}
