using Plugs.Api.Platform.Mail;
using Plugs.Data.Common;
using Plugs.Data.Webhooks;

namespace Plugs.Api.Features.Webhooks;

/// <summary>
/// Records what an attempt found, on the delivery (only while this worker still holds its lease)
/// and on its subscription: a success clears the subscription's dead-in-a-row count; a failure is
/// retried on the schedule (<see cref="WebhookRetrySchedule"/>, honouring <c>Retry-After</c>) or,
/// when the schedule is used up, is dead; <c>410 Gone</c> kills it and disables the subscription
/// at once; <see cref="WebhookDeliveryOptions.DisableAfterDeadDeliveries"/> dead ones in a row
/// disable it too and mail the organization's admins. A disabled subscription's line waits (its
/// pending deliveries go out, in order, once an admin turns it back on).
/// </summary>
public sealed class WebhookOutcomes(WebhookRetrySchedule schedule, WebhookDeliveryOptions options, MailOutbox mail, TimeProvider clock,
    ILogger<WebhookOutcomes> logger)
{
    /// <summary>Whether the subscription's next delivery may go now (false: this one waits for a retry, or the subscription stopped).</summary>
    internal async Task<bool> RecordAsync(PlugsDbContext db, WebhookDeliveries.Claimed delivery, WebhookAttempt attempt, CancellationToken ct)
    {
        var now = clock.StoredUtcNow();
        var attempts = delivery.AttemptCount + 1;
        var error = attempt.Error;
        var status = WebhookDeliveryStatus.Succeeded;
        var next = now;
        if (!attempt.Succeeded)
        {
            var delay = attempt.Gone ? null : schedule.NextDelay(attempts, attempt.RetryAfter);
            status = delay is null ? WebhookDeliveryStatus.Dead : WebhookDeliveryStatus.Failed;
            next = now + (delay ?? TimeSpan.Zero);
        }
        var mine = db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.LeaseOwner == delivery.Lease);
        var recorded = await mine.ExecuteBookkeepingUpdateAsync(s => s
            .SetProperty(d => d.Status, status)
            .SetProperty(d => d.AttemptCount, attempts)
            .SetProperty(d => d.NextAttemptAt, next)
            .SetProperty(d => d.LastAttemptAt, now)
            .SetProperty(d => d.LastStatusCode, attempt.StatusCode)
            .SetProperty(d => d.LastError, error)
            .SetProperty(d => d.LastDurationMs, attempt.DurationMs)
            .SetProperty(d => d.DeliveredAt, status == WebhookDeliveryStatus.Succeeded ? now : null)
            .SetProperty(d => d.UpdatedAt, now)
            .SetProperty(d => d.LeaseUntil, (DateTime?)null)
            .SetProperty(d => d.LeaseOwner, (Guid?)null), ct);
        if (recorded == 0)
        {
            return false; // the lease ran out and someone else has the line now
        }
        var subscriptions = db.WebhookSubscriptions.Where(s => s.Id == delivery.SubscriptionId);
        switch (status)
        {
            case WebhookDeliveryStatus.Succeeded:
                await subscriptions.Where(s => s.ConsecutiveFailures != 0).ExecuteDerivedUpdateAsync(s => s.SetProperty(x => x.ConsecutiveFailures, 0), ct);
                return true;
            case WebhookDeliveryStatus.Failed:
                return false;
        }
        await subscriptions.ExecuteDerivedUpdateAsync(s => s.SetProperty(x => x.ConsecutiveFailures, x => x.ConsecutiveFailures + 1), ct);
        if (attempt.Gone)
        {
            await DisableAsync(db, delivery.SubscriptionId, "The receiver answered 410 Gone.", ct);
            return false;
        }
        var dead = await subscriptions.Select(s => s.ConsecutiveFailures).FirstOrDefaultAsync(ct);
        if (dead >= options.DisableAfterDeadDeliveries)
        {
            await DisableAsync(db, delivery.SubscriptionId, $"{dead} deliveries in a row failed on every attempt.", ct);
            return false;
        }
        return true;
    }

    /// <summary>Turns the subscription off as a change of its own (audited; its ETag moves) and tells the admins.</summary>
    private async Task DisableAsync(PlugsDbContext db, Guid subscriptionId, string reason, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == subscriptionId, ct);
            if (subscription is not { IsActive: true })
            {
                return;
            }
            subscription.IsActive = false;
            subscription.DisabledAt = clock.StoredUtcNow();
            subscription.DisabledReason = reason;
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // An admin changed it at the same moment: read it again.
            }
        }
        logger.LogWarning("Webhook subscription {Subscription} disabled: {Reason}", subscriptionId, reason);
        var url = await db.WebhookSubscriptions.Where(s => s.Id == subscriptionId).Select(s => s.Url).FirstAsync(ct);
        var admins = await db.Users.Where(u => u.IsAdmin && u.IsActive).Select(u => u.Email).ToListAsync(ct);
        foreach (var admin in admins)
        {
            mail.Send(admin, "A webhook subscription was disabled",
                $"The Plugs stopped sending events to {url}: {reason}\n\nDeliveries wait in line; turn the subscription back on to send them.");
        }
    }
}
