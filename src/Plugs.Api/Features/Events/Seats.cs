using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>
/// The seat invariants, applied under <see cref="EventLock"/> in the caller's transaction:
/// registered + attended never exceed <c>max_attendees</c>; the waitlist is numbered 1..n in
/// arrival order; a freed seat goes to the first in line; <c>events.current_attendees</c> equals
/// registered + attended. Callers save their own change first, then call <see cref="SettleAsync"/>.
/// </summary>
internal static class Seats
{
    public static Task<int> TakenAsync(PlugsDbContext db, Guid eventId, CancellationToken ct) =>
        db.EventAttendees.CountAsync(a => a.EventId == eventId && (a.Status == AttendeeStatus.Registered || a.Status == AttendeeStatus.Attended), ct);

    public static async Task<int> NextWaitlistPositionAsync(PlugsDbContext db, Guid eventId, CancellationToken ct) =>
        (await db.EventAttendees.Where(a => a.EventId == eventId && a.Status == AttendeeStatus.Waitlisted)
            .MaxAsync(a => a.WaitlistPosition, ct) ?? 0) + 1;

    /// <summary>Whether one more person fits now.</summary>
    public static async Task<bool> HasSeatAsync(PlugsDbContext db, Event e, CancellationToken ct) =>
        e.MaxAttendees is not { } max || await TakenAsync(db, e.Id, ct) < max;

    /// <summary>Promotes the first waitlisted into free seats (while the event is open and not over), renumbers the rest, recounts.</summary>
    public static async Task SettleAsync(PlugsDbContext db, Event e, DateTime now, CancellationToken ct)
    {
        var waitlist = await db.EventAttendees.Where(a => a.EventId == e.Id && a.Status == AttendeeStatus.Waitlisted)
            .OrderBy(a => a.WaitlistPosition).ThenBy(a => a.Id).ToListAsync(ct);
        var taken = await TakenAsync(db, e.Id, ct);
        var free = e.IsClosed() || e.EndDate <= now ? 0 : e.MaxAttendees is { } max ? Math.Max(0, max - taken) : waitlist.Count;
        var position = 0;
        foreach (var attendee in waitlist)
        {
            if (free > 0)
            {
                attendee.Status = AttendeeStatus.Registered;
                attendee.RegisteredAt = now;
                attendee.WaitlistPosition = null;
                free--;
                taken++;
            }
            else if (attendee.WaitlistPosition != ++position)
            {
                attendee.WaitlistPosition = position;
            }
        }
        await db.SaveChangesAsync(ct);
        await RecountAsync(db, e, taken, ct);
    }

    /// <summary>
    /// Writes the count without moving the event's <c>updated_at</c>: the counter is the server's,
    /// and a registration must not make an organiser's If-Match on the event stale.
    /// </summary>
    private static async Task RecountAsync(PlugsDbContext db, Event e, int taken, CancellationToken ct)
    {
        await db.Events.Where(x => x.Id == e.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CurrentAttendees, taken), ct);
        var property = db.Entry(e).Property(x => x.CurrentAttendees);
        property.CurrentValue = taken;
        property.OriginalValue = taken;
    }
}
