using Plugs.Data.Common;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>
/// The seat invariants, applied under <see cref="EventLock"/> in the caller's transaction. Seats are
/// for people whose role is <c>attendee</c>; the event's own people (organizers, speakers,
/// volunteers, sponsors) take none and are never waitlisted. Registered + attended attendees never
/// exceed <c>max_attendees</c>; the waitlist (attendees only) is numbered 1..n in arrival order; a
/// freed seat goes to the first in line; <c>events.current_attendees</c> equals registered +
/// attended attendees. Callers save their own change first, then call <see cref="SettleAsync"/>.
/// </summary>
internal static class Seats
{
    /// <summary>Whether a person of this role needs one of the event's seats.</summary>
    public static bool TakesASeat(AttendeeRole role) => role == AttendeeRole.Attendee;

    /// <summary>Whether the person holds a seat now (or would, being an attendee in this status).</summary>
    public static bool HoldsPlace(AttendeeStatus status) => status is AttendeeStatus.Registered or AttendeeStatus.Attended;

    public static Task<int> TakenAsync(PlugsDbContext db, Guid eventId, CancellationToken ct) =>
        db.EventAttendees.CountAsync(a => a.EventId == eventId && a.Role == AttendeeRole.Attendee
            && (a.Status == AttendeeStatus.Registered || a.Status == AttendeeStatus.Attended), ct);

    public static async Task<int> NextWaitlistPositionAsync(PlugsDbContext db, Guid eventId, CancellationToken ct) =>
        (await db.EventAttendees.Where(a => a.EventId == eventId && a.Status == AttendeeStatus.Waitlisted)
            .MaxAsync(a => a.WaitlistPosition, ct) ?? 0) + 1;

    /// <summary>Whether one more person fits now.</summary>
    public static async Task<bool> HasSeatAsync(PlugsDbContext db, Event e, CancellationToken ct) =>
        e.MaxAttendees is not { } max || await TakenAsync(db, e.Id, ct) < max;

    /// <summary>
    /// Promotes the first waitlisted into free seats (while the event is open and not over), renumbers
    /// the rest 1..n (one set-based statement, so an event with thousands in line costs a
    /// registration no more than one with a handful), recounts. Attendees of the event the caller has loaded
    /// are read again afterwards, so what it returns is what was stored.
    /// </summary>
    public static async Task SettleAsync(PlugsDbContext db, Event e, DateTime now, CancellationToken ct)
    {
        var taken = await TakenAsync(db, e.Id, ct);
        var seats = e.IsClosed() || e.EndDate <= now ? 0 : e.MaxAttendees is { } max ? Math.Max(0, max - taken) : int.MaxValue;
        var by = db.Tenant.UserId;
        if (seats > 0)
        {
            var inLine = db.EventAttendees.Where(a => a.EventId == e.Id && a.Status == AttendeeStatus.Waitlisted && a.Role == AttendeeRole.Attendee)
                .OrderBy(a => a.WaitlistPosition).ThenBy(a => a.Id);
            // Saved as row changes, not one set-based UPDATE, so each promotion is audited and
            // emits its attendee.promoted event like any other change (the waitlist moves a few at a time).
            var promoted = await (seats == int.MaxValue ? inLine : inLine.Take(seats)).ToListAsync(ct);
            foreach (var attendee in promoted)
            {
                attendee.Status = AttendeeStatus.Registered;
                attendee.RegisteredAt = now;
                attendee.WaitlistPosition = null;
            }
            if (promoted.Count > 0)
            {
                await db.SaveChangesAsync(ct);
                taken += promoted.Count;
            }
        }
        var waitlisted = EnumNames.Of(AttendeeStatus.Waitlisted);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE event_attendees SET waitlist_position = line.position, updated_at = {now}, updated_by = {by}
            FROM (
                SELECT id, row_number() OVER (ORDER BY waitlist_position, id) AS position
                FROM event_attendees
                WHERE event_id = {e.Id} AND status = {waitlisted} AND NOT is_deleted
            ) AS line
            WHERE event_attendees.id = line.id AND event_attendees.waitlist_position <> line.position
            """, ct);
        foreach (var entry in db.ChangeTracker.Entries<EventAttendee>().Where(x => x.Entity.EventId == e.Id).ToList())
        {
            await entry.ReloadAsync(ct);
        }
        await RecountAsync(db, e, taken, ct);
    }

    /// <summary>
    /// Writes the count without moving the event's <c>updated_at</c>: the counter is the server's,
    /// and a registration must not make an organiser's If-Match on the event stale.
    /// </summary>
    private static async Task RecountAsync(PlugsDbContext db, Event e, int taken, CancellationToken ct)
    {
        await db.Events.Where(x => x.Id == e.Id).ExecuteDerivedUpdateAsync(s => s.SetProperty(x => x.CurrentAttendees, taken), ct);
        var property = db.Entry(e).Property(x => x.CurrentAttendees);
        property.CurrentValue = taken;
        property.OriginalValue = taken;
    }
}
