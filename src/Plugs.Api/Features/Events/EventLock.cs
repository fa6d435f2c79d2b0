using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>
/// Serialises every change to one event's seats (registrations, cancellations, capacity): call
/// inside a transaction. PostgreSQL locks the event row (<c>FOR UPDATE</c>), so concurrent
/// requests for the same event queue up while other events proceed; SQLite transactions from EF
/// begin IMMEDIATE, one writer at a time, and wait on the busy timeout.
/// </summary>
internal static class EventLock
{
    /// <summary>Locks and returns the live event, or 404.</summary>
    public static async Task<Event> LockEventAsync(this PlugsDbContext db, Guid eventId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The event lock needs a transaction.");
        }
        if (db.Database.IsNpgsql())
        {
            // RLS and the explicit tenant keep another organization's row out of reach.
            var organizationId = db.Tenant.RequiredOrganizationId;
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM events WHERE id = {eventId} AND organization_id = {organizationId} FOR UPDATE", ct);
        }
        return await db.Events.FirstOrDefaultAsync(e => e.Id == eventId, ct) ?? throw ProblemException.NotFound("event");
    }

    /// <summary>An event whose registrations are closed: nothing may be registered for it.</summary>
    public static bool IsClosed(this Event e) => e.Status is EventStatus.Cancelled or EventStatus.Completed;
}
