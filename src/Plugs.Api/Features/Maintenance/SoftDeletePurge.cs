using Plugs.Api.Platform.Jobs;
using Plugs.Data;
using Plugs.Data.Common;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Maintenance;

/// <summary>
/// The monthly clean-up of the guide, run daily: rows soft-deleted more than
/// <c>Jobs:SoftDeleteRetentionDays</c> (default 90) ago are deleted for good, with everything that
/// hangs off them — the database's ON DELETE CASCADE takes a contact's interactions, tag links,
/// relationships, introductions and event registrations, and an event's attendees and agenda; an
/// agenda item loses a purged contact as speaker (SET NULL). Set-based: each statement deletes up
/// to <c>Jobs:BatchSize</c> rows of one organization (<see cref="EveryOrganization"/>) and is its
/// own transaction, so a run holds no long locks and a stopped run loses nothing. Idempotent.
/// A deleted contact still registered (a live registration) for a live event waits until the
/// registration is gone, so <c>events.current_attendees</c> never loses a seat it counts.
/// Users are not purged here (see docs/architecture.md, "Background jobs").
/// </summary>
public sealed class SoftDeletePurge(EveryOrganization organizations, JobOptions options, TimeProvider clock) : IRecurringJob
{
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.SoftDeleteRetentionDays);
        var counts = new Dictionary<string, int>
        {
            ["contacts"] = 0, ["events"] = 0, ["contact_interactions"] = 0, ["contact_relationships"] = 0,
            ["introductions"] = 0, ["event_attendees"] = 0, ["event_agenda_items"] = 0, ["webhook_subscriptions"] = 0,
        };
        await organizations.ForEachAsync(async (db, token) =>
        {
            var liveRegistrations = db.EventAttendees
                .Where(a => db.Events.Any(e => e.Id == a.EventId));
            counts["contacts"] += await PurgeAsync(db, db.Contacts, cutoff,
                c => !liveRegistrations.Any(a => a.ContactId == c.Id), token);
            counts["events"] += await PurgeAsync(db, db.Events, cutoff, _ => true, token);
            counts["contact_interactions"] += await PurgeAsync(db, db.ContactInteractions, cutoff, _ => true, token);
            counts["contact_relationships"] += await PurgeAsync(db, db.ContactRelationships, cutoff, _ => true, token);
            counts["introductions"] += await PurgeAsync(db, db.Introductions, cutoff, _ => true, token);
            counts["event_attendees"] += await PurgeAsync(db, db.EventAttendees, cutoff, _ => true, token);
            counts["event_agenda_items"] += await PurgeAsync(db, db.EventAgendaItems, cutoff, _ => true, token);
            counts["webhook_subscriptions"] += await PurgeAsync(db, db.WebhookSubscriptions, cutoff, _ => true, token);
        }, ct);
        return "deleted " + string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));
    }

    /// <summary>Deletes, batch by batch, this organization's rows of <typeparamref name="T"/> soft-deleted before <paramref name="cutoff"/>.</summary>
    private async Task<int> PurgeAsync<T>(PlugsDbContext db, IQueryable<T> rows, DateTime cutoff,
        System.Linq.Expressions.Expression<Func<T, bool>> purgeable, CancellationToken ct)
        where T : Entity, ISoftDeletable
    {
        var total = 0;
        int deleted;
        do
        {
            // The tenant filter stays on (and RLS on PostgreSQL): only the soft-delete filter is lifted.
            deleted = await rows.IgnoreQueryFilters([ModelConventions.SoftDeleteFilterName])
                .Where(r => r.IsDeleted && r.DeletedAt < cutoff)
                .Where(purgeable)
                .OrderBy(r => r.Id).Take(options.BatchSize)
                .ExecuteAuditedDeleteAsync(db, ct);
            total += deleted;
        }
        while (deleted == options.BatchSize);
        return total;
    }
}
