using Plugs.Api.Platform.Database;
using Plugs.Data.Common;
using Plugs.Data.Tenancy;
using Plugs.Data.Webhooks;

namespace Plugs.Api.Features.Webhooks;

/// <summary>
/// One pass of the delivery worker over every organization with work now: dispatch its events,
/// then lease and send its subscriptions' due deliveries until none is left. Instances share the
/// work through leases in the database: a claim takes a subscription's oldest due deliveries only
/// when no one else holds any of that subscription's (an expired lease — a worker that died —
/// counts as free), so several instances never send the same delivery at once and each
/// subscription's deliveries go out one at a time, in order. A delivery whose lease ran out
/// mid-request may be sent again (at least once; receivers de-duplicate by <c>webhook-id</c>).
/// </summary>
public sealed class WebhookDeliveries(
    IServiceScopeFactory scopes, IDbContextFactory<PlugsDbContext> contexts, WebhookSender sender,
    WebhookSecrets secrets, WebhookDeliveryOptions options, TimeProvider clock, ILogger<WebhookDeliveries> logger)
{
    private static readonly WebhookDeliveryStatus[] Open = [WebhookDeliveryStatus.Pending, WebhookDeliveryStatus.Failed];

    /// <summary>Works until no organization has due work; answers the attempts made.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            List<Guid> organizations;
            await using (var directory = await contexts.CreateDbContextAsync(ct))
            {
                organizations = await WebhookWorkDirectory.OrganizationsWithWorkAsync(directory, clock.StoredUtcNow(), ct);
            }
            if (organizations.Count == 0)
            {
                return total;
            }
            var attempts = 0;
            await Parallel.ForEachAsync(organizations, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = ct },
                async (organization, token) => Interlocked.Add(ref attempts, await RunOrganizationAsync(organization, token)));
            total += attempts;
            if (attempts == 0)
            {
                return total; // what is due is leased by another instance
            }
        }
    }

    private async Task<int> RunOrganizationAsync(Guid organization, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(organization);
        var db = scope.ServiceProvider.GetRequiredService<PlugsDbContext>();
        await WebhookDispatch.RunAsync(db, ct);
        var attempts = 0;
        while (await ClaimAsync(db, ct) is { Count: > 0 } claimed)
        {
            var results = await Task.WhenAll(claimed.GroupBy(c => c.SubscriptionId).Select(queue => SendQueueAsync(organization, [.. queue], ct)));
            attempts += results.Sum();
        }
        return attempts;
    }

    internal sealed record Claimed(Guid Id, Guid Lease, DateTime LeaseUntil, Guid SubscriptionId, int AttemptCount, Guid EventId, string Payload,
        string Url, string Secret, string? PreviousSecret, DateTime? PreviousSecretExpiresAt);

    /// <summary>Leases the oldest due deliveries of subscriptions no one else is sending to (the caller's next batch).</summary>
    private async Task<List<Claimed>> ClaimAsync(PlugsDbContext db, CancellationToken ct)
    {
        var now = clock.StoredUtcNow();
        var until = now + options.Lease;
        var lease = Guid.NewGuid();
        var deliveries = db.WebhookDeliveries;
        var active = db.WebhookSubscriptions.Where(s => s.IsActive).Select(s => s.Id);
        var claimable = deliveries
            .Where(d => Open.Contains(d.Status) && d.NextAttemptAt <= now && active.Contains(d.SubscriptionId)
                // No one holds this subscription's line…
                && !deliveries.Any(o => o.SubscriptionId == d.SubscriptionId && Open.Contains(o.Status) && o.LeaseUntil != null && o.LeaseUntil >= now)
                // …and nothing before it in the line waits for a later retry.
                && !deliveries.Any(o => o.SubscriptionId == d.SubscriptionId && Open.Contains(o.Status) && o.Sequence < d.Sequence && o.NextAttemptAt > now))
            .OrderBy(d => d.Sequence).Take(options.BatchSize).Select(d => d.Id);
        int leased;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // One claimer per organization at a time: the line checks above read what the previous claim committed.
            await db.LockScopeAsync("webhook-claim", ct);
            leased = await deliveries.Where(d => claimable.Contains(d.Id))
                .ExecuteBookkeepingUpdateAsync(s => s.SetProperty(d => d.LeaseUntil, until).SetProperty(d => d.LeaseOwner, lease), ct);
            await tx.CommitAsync(ct);
        }
        if (leased == 0)
        {
            return [];
        }
        var rows = await (
            from d in deliveries
            where d.LeaseOwner == lease
            join e in db.WebhookEvents on d.EventId equals e.Id
            join s in db.WebhookSubscriptions on d.SubscriptionId equals s.Id
            orderby d.Sequence
            select new { d.Id, d.SubscriptionId, d.AttemptCount, d.EventId, e.Payload, s.Url, s.SecretEncrypted, s.PreviousSecretEncrypted, s.PreviousSecretExpiresAt })
            .ToListAsync(ct);
        return rows.Select(r => new Claimed(r.Id, lease, until, r.SubscriptionId, r.AttemptCount, r.EventId, r.Payload, r.Url,
            r.SecretEncrypted, r.PreviousSecretEncrypted, r.PreviousSecretExpiresAt)).ToList();
    }

    /// <summary>Sends one subscription's leased deliveries in order; stops at the first that fails (the rest wait behind it).</summary>
    private async Task<int> SendQueueAsync(Guid organization, List<Claimed> queue, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(organization);
        var db = scope.ServiceProvider.GetRequiredService<PlugsDbContext>();
        var outcomes = scope.ServiceProvider.GetRequiredService<WebhookOutcomes>();
        var attempts = 0;
        foreach (var delivery in queue)
        {
            // Never start a request the lease may not outlive: another worker could take it over mid-flight.
            if (clock.StoredUtcNow() + sender.Timeout >= delivery.LeaseUntil)
            {
                break;
            }
            var keys = new List<string> { secrets.Reveal(delivery.Secret) };
            if (delivery.PreviousSecret is { } previous && delivery.PreviousSecretExpiresAt > clock.StoredUtcNow())
            {
                keys.Add(secrets.Reveal(previous));
            }
            var attempt = await sender.SendAsync(delivery.Url, delivery.EventId, delivery.Payload, keys, ct);
            attempts++;
            if (!await outcomes.RecordAsync(db, delivery, attempt, ct))
            {
                break;
            }
        }
        // Whatever was not sent goes back to the line, for the next claim.
        var (lease, subscription) = (queue[0].Lease, queue[0].SubscriptionId);
        await db.WebhookDeliveries.Where(d => d.LeaseOwner == lease && d.SubscriptionId == subscription)
            .ExecuteBookkeepingUpdateAsync(s => s.SetProperty(d => d.LeaseUntil, (DateTime?)null).SetProperty(d => d.LeaseOwner, (Guid?)null), ct);
        logger.LogDebug("Sent {Attempts} webhook deliveries of subscription {Subscription}", attempts, queue[0].SubscriptionId);
        return attempts;
    }
}
