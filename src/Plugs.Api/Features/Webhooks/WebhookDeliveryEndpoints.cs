using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Plugs.Data.Webhooks;

namespace Plugs.Api.Features.Webhooks;

/// <summary>
/// What happened to a subscription's events (admins): its deliveries with their last attempt,
/// one delivery with the body sent, sending one again, and a <c>ping</c> to try the endpoint.
/// </summary>
public static class WebhookDeliveryEndpoints
{
    public record WebhookDeliveryResponse(
        Guid Id, Guid SubscriptionId, Guid EventId, string EventType, WebhookDeliveryStatus Status, int AttemptCount,
        DateTime? NextAttemptAt, DateTime? LastAttemptAt, int? LastStatusCode, string? LastError, int? LastDurationMs,
        DateTime? DeliveredAt, DateTime CreatedAt)
    {
        public static readonly Expression<Func<WebhookDelivery, WebhookDeliveryResponse>> Projection = d => new WebhookDeliveryResponse(
            d.Id, d.SubscriptionId, d.EventId, d.EventType, d.Status, d.AttemptCount,
            d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Failed ? d.NextAttemptAt : null,
            d.LastAttemptAt, d.LastStatusCode, d.LastError, d.LastDurationMs, d.DeliveredAt, d.CreatedAt);
    }

    /// <summary>A delivery with the JSON body it sends (the event, exactly as signed).</summary>
    public sealed record WebhookDeliveryDetailResponse(
        Guid Id, Guid SubscriptionId, Guid EventId, string EventType, WebhookDeliveryStatus Status, int AttemptCount,
        DateTime? NextAttemptAt, DateTime? LastAttemptAt, int? LastStatusCode, string? LastError, int? LastDurationMs,
        DateTime? DeliveredAt, DateTime CreatedAt, string Payload)
        : WebhookDeliveryResponse(Id, SubscriptionId, EventId, EventType, Status, AttemptCount, NextAttemptAt, LastAttemptAt,
            LastStatusCode, LastError, LastDurationMs, DeliveredAt, CreatedAt);

    /// <summary>The event a test created; its delivery appears in the subscription's deliveries once dispatched (within a second or so).</summary>
    public sealed record WebhookTestResponse(Guid EventId, string EventType);

    private sealed class DeliverySort : ISortFields<WebhookDelivery>
    {
        public static IReadOnlyDictionary<string, Expression<Func<WebhookDelivery, object?>>> Fields { get; } = new Dictionary<string, Expression<Func<WebhookDelivery, object?>>>
        {
            ["created_at"] = d => d.Sequence,
            ["last_attempt_at"] = d => d.LastAttemptAt,
            ["next_attempt_at"] = d => d.NextAttemptAt,
        };
    }

    public static void MapWebhookDeliveries(this IEndpointRouteBuilder api)
    {
        var subscription = api.MapGroup("/webhook-subscriptions/{id:guid}").WithTags("Webhooks").RequireAuthorization(AuthPolicies.Admin);
        subscription.MapGet("/deliveries", ListAsync);
        subscription.MapGet("/deliveries/{deliveryId:guid}", GetAsync);
        subscription.MapPost("/deliveries/{deliveryId:guid}/redeliver", RedeliverWebhookAsync);
        subscription.MapPost("/test", TestWebhookAsync);
    }

    /// <summary>Filters <c>status</c>, <c>event_type</c>; <c>sort</c> (default <c>-created_at</c>: newest first); paging.</summary>
    private static async Task<Ok<List<WebhookDeliveryResponse>>> ListAsync(
        Guid id, [AsParameters] PageQuery page, [FromQuery(Name = "status")] QueryChoice<WebhookDeliveryStatus>? status,
        [FromQuery(Name = "event_type")] string? eventType, [FromQuery(Name = "sort")] SortBy<DeliverySort>? sort,
        PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        await EnsureSubscriptionAsync(db, id, ct);
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id);
        if (QueryValues.Enum<WebhookDeliveryStatus>(status, "status") is { } s)
        {
            query = query.Where(d => d.Status == s);
        }
        if (eventType is not null)
        {
            if (!WebhookEventTypes.IsKnown(eventType) && eventType != WebhookTrail.Ping)
            {
                throw ValidationProblemException.For("event_type", $"Must be one of: {string.Join(", ", WebhookEventTypes.All)}, ping.");
            }
            query = query.Where(d => d.EventType == eventType);
        }
        var rows = query.ApplySort(sort, "-created_at", d => d.Id).Select(WebhookDeliveryResponse.Projection);
        return TypedResults.Ok(await page.ToPageAsync(query, rows, http, ct));
    }

    private static async Task<Ok<WebhookDeliveryDetailResponse>> GetAsync(Guid id, Guid deliveryId, PlugsDbContext db, CancellationToken ct)
    {
        await EnsureSubscriptionAsync(db, id, ct);
        var found = await (
            from d in db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.SubscriptionId == id)
            join e in db.WebhookEvents on d.EventId equals e.Id
            select new WebhookDeliveryDetailResponse(d.Id, d.SubscriptionId, d.EventId, d.EventType, d.Status, d.AttemptCount,
                d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Failed ? d.NextAttemptAt : null,
                d.LastAttemptAt, d.LastStatusCode, d.LastError, d.LastDurationMs, d.DeliveredAt, d.CreatedAt, e.Payload))
            .FirstOrDefaultAsync(ct);
        return TypedResults.Ok(found ?? throw ProblemException.NotFound("webhook delivery"));
    }

    /// <summary>
    /// Sends a delivered or dead delivery again (same event, same <c>webhook-id</c>), with a fresh
    /// retry schedule, in its original place in the subscription's line. One that is still queued
    /// or being retried is 409 <c>delivery_pending</c>: of several requests at once, one queues it.
    /// </summary>
    private static async Task<Accepted<WebhookDeliveryResponse>> RedeliverWebhookAsync(
        Guid id, Guid deliveryId, PlugsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        await EnsureSubscriptionAsync(db, id, ct);
        var delivery = db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.SubscriptionId == id);
        var now = clock.StoredUtcNow();
        var queued = await delivery
            .Where(d => d.Status == WebhookDeliveryStatus.Succeeded || d.Status == WebhookDeliveryStatus.Dead)
            .ExecuteBookkeepingUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Pending)
                .SetProperty(d => d.AttemptCount, 0)
                .SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.UpdatedAt, now), ct);
        var response = await delivery.AsNoTracking().Select(WebhookDeliveryResponse.Projection).FirstOrDefaultAsync(ct)
            ?? throw ProblemException.NotFound("webhook delivery");
        if (queued == 0)
        {
            throw ProblemException.Conflict("The delivery is already queued or being retried.", "delivery_pending");
        }
        return TypedResults.Accepted($"/api/v1/webhook-subscriptions/{id}/deliveries/{deliveryId}", response);
    }

    /// <summary>
    /// Sends a <c>ping</c> event (<c>{"type": "ping", "data": {"subscription_id": …}}</c>) to this
    /// subscription only, through the same outbox, signing and retries as every event. A
    /// subscription that is off is 409 <c>subscription_inactive</c>.
    /// </summary>
    private static async Task<Accepted<WebhookTestResponse>> TestWebhookAsync(Guid id, PlugsDbContext db, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Id == id).Select(s => new { s.IsActive }).FirstOrDefaultAsync(ct)
            ?? throw ProblemException.NotFound("webhook subscription");
        if (!subscription.IsActive)
        {
            throw ProblemException.Conflict("The subscription is off; turn it on (is_active: true) to test it.", "subscription_inactive");
        }
        var e = WebhookTrail.Publish(db, WebhookTrail.Ping, new { SubscriptionId = id }, subscriptionId: id);
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/v1/webhook-subscriptions/{id}/deliveries?event_type=ping", new WebhookTestResponse(e.Id, e.EventType));
    }

    private static async Task EnsureSubscriptionAsync(PlugsDbContext db, Guid id, CancellationToken ct)
    {
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == id, ct))
        {
            throw ProblemException.NotFound("webhook subscription");
        }
    }
}
