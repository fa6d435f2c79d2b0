using Plugs.Api.Platform.Database;
using Plugs.Data.Common;
using Plugs.Data.Webhooks;

namespace Plugs.Api.Features.Webhooks;

/// <summary>
/// Fans an organization's undispatched events out to the subscriptions that want them, oldest
/// first: one <see cref="WebhookDelivery"/> per (event, active subscription naming its type and
/// existing when it happened), numbered in event order (<see cref="WebhookDelivery.Sequence"/>),
/// and marks the events dispatched — in one transaction, one dispatcher per organization at a
/// time (a lock per organization on PostgreSQL; SQLite has one writer), so numbers never
/// collide and an event is fanned out once (the unique (subscription, event) key says so too).
/// </summary>
internal static class WebhookDispatch
{
    private const int EventsPerRound = 500;

    /// <summary>Dispatches until nothing is left; answers the deliveries created.</summary>
    public static async Task<int> RunAsync(PlugsDbContext db, CancellationToken ct)
    {
        var created = 0;
        while (true)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.LockScopeAsync("webhook-dispatch", ct);
            var events = await db.WebhookEvents.Where(e => !e.IsDispatched)
                .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Take(EventsPerRound)
                .Select(e => new { e.Id, e.EventType, e.CreatedAt, e.SubscriptionId })
                .ToListAsync(ct);
            if (events.Count == 0)
            {
                return created;
            }
            var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.IsActive)
                .Select(s => new { s.Id, s.EventTypes, s.CreatedAt }).ToListAsync(ct);
            var sequence = await db.WebhookDeliveries.MaxAsync(d => (long?)d.Sequence, ct) ?? 0;
            var now = db.Clock.StoredUtcNow();
            foreach (var e in events)
            {
                var targets = e.SubscriptionId is { } only
                    ? subscriptions.Where(s => s.Id == only)
                    : subscriptions.Where(s => s.CreatedAt <= e.CreatedAt && s.EventTypes.Contains(e.EventType));
                foreach (var s in targets)
                {
                    db.WebhookDeliveries.Add(new WebhookDelivery
                    {
                        SubscriptionId = s.Id,
                        EventId = e.Id,
                        EventType = e.EventType,
                        Sequence = ++sequence,
                        NextAttemptAt = now,
                        CreatedAt = now,
                        UpdatedAt = now,
                    });
                    created++;
                }
            }
            var ids = events.Select(e => e.Id).ToList();
            await db.WebhookEvents.Where(e => ids.Contains(e.Id)).ExecuteBookkeepingUpdateAsync(s => s.SetProperty(e => e.IsDispatched, true), ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }
    }
}
