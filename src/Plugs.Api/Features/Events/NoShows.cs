using Plugs.Data.Common;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>
/// <c>POST /events/{id}/no-shows</c>: once the event is over (ended or completed), everyone still
/// registered becomes <c>no_show</c> and <c>current_attendees</c> drops to those who came.
/// </summary>
public static class NoShows
{
    public static async Task<Ok<EventResponse>> HandleAsync(Guid id, PlugsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var e = await db.LockEventAsync(id, ct);
        var now = clock.StoredUtcNow();
        if (e.Status == EventStatus.Cancelled || (e.EndDate > now && e.Status != EventStatus.Completed))
        {
            throw ProblemException.Conflict("No-shows are marked once the event is over (ended or completed, not cancelled).", "event_not_over");
        }
        var absent = await db.EventAttendees.Where(a => a.EventId == id && a.Status == AttendeeStatus.Registered).ToListAsync(ct);
        foreach (var attendee in absent)
        {
            attendee.Status = AttendeeStatus.NoShow;
        }
        await db.SaveChangesAsync(ct);
        await Seats.SettleAsync(db, e, now, ct);
        var response = await EventEndpoints.DetailAsync(db, e, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(response);
    }
}
