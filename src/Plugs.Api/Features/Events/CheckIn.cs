using Plugs.Data.Common;
using Plugs.Api.Features.Interactions;
using Plugs.Data.Contacts;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>
/// Records that a registered person came. A contact's check-in also lands on their timeline as
/// one completed <c>event</c> interaction (a registration is checked in at most once), and
/// <c>last_interaction</c> is recomputed in the same transaction.
/// </summary>
public static class CheckIn
{
    public static async Task<Ok<AttendeeResponse>> HandleAsync(
        Guid id, Guid attendeeId, PlugsDbContext db, CurrentUser current, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var e = await db.LockEventAsync(id, ct);
        var attendee = await AttendeeEndpoints.FindAsync(db, id, attendeeId, ct);
        if (e.Status is not (EventStatus.Published or EventStatus.Ongoing))
        {
            throw ProblemException.Conflict($"Check-in is open while the event is published or ongoing; it is {Data.Common.EnumNames.Of(e.Status)}.", "check_in_closed");
        }
        switch (attendee.Status)
        {
            case AttendeeStatus.Attended:
                throw ProblemException.Conflict("This attendee has already checked in.", "already_checked_in");
            case not AttendeeStatus.Registered:
                throw ProblemException.Conflict(
                    $"Only registered attendees can check in; this one is {Data.Common.EnumNames.Of(attendee.Status)}.", "not_registered");
        }
        if (attendee.ContactId is { } locked)
        {
            // The contact's interactions change: lock it before, as every such write does (LastInteraction).
            await LastInteraction.LockContactAsync(db, locked, ct);
        }
        var now = clock.StoredUtcNow();
        attendee.Status = AttendeeStatus.Attended;
        attendee.CheckedInAt = now;
        if (attendee.ContactId is { } contactId)
        {
            db.ContactInteractions.Add(new ContactInteraction
            {
                ContactId = contactId,
                UserId = current.UserId,
                InteractionType = InteractionType.Event,
                Subject = e.Title.Length <= 240 ? $"Attended {e.Title}" : $"Attended {e.Title[..240]}…",
                InteractionDate = now,
                Status = InteractionStatus.Completed,
                Metadata = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, Guid> { ["event_id"] = e.Id, ["attendee_id"] = attendee.Id }),
            });
        }
        await db.SaveChangesAsync(ct);
        if (attendee.ContactId is { } contact)
        {
            await LastInteraction.RecomputeAsync(db, contact, ct);
        }
        await transaction.CommitAsync(ct);
        ETags.Write(http, attendee.UpdatedAt);
        return TypedResults.Ok(AttendeeResponse.From(attendee));
    }
}
