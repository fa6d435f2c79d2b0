using Microsoft.Extensions.Options;
using Plugs.Api.Platform.Json;
using Plugs.Data.Common;
using Plugs.Api.Features.Interactions;
using Plugs.Data.Contacts;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>
/// Records that a registered person came. Check-in opens <c>Events:CheckInOpensMinutesBeforeStart</c>
/// before the event starts (a day by default) and closes when it ends, while the event is published
/// or ongoing; outside that, 409 <c>check_in_not_open</c> (with <c>opens_at</c>) or <c>check_in_closed</c>. A contact's check-in also lands on their timeline as
/// one completed <c>event</c> interaction (a registration is checked in at most once), and
/// <c>last_interaction</c> is recomputed in the same transaction.
/// </summary>
public static class CheckIn
{
    public static async Task<Ok<AttendeeResponse>> HandleAsync(
        Guid id, Guid attendeeId, PlugsDbContext db, CurrentUser current, TimeProvider clock, IOptions<EventOptions> options, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var e = await db.LockEventAsync(id, ct);
        var attendee = await AttendeeEndpoints.FindAsync(db, id, attendeeId, ct);
        if (e.Status is not (EventStatus.Published or EventStatus.Ongoing))
        {
            throw ProblemException.Conflict($"Check-in is open while the event is published or ongoing; it is {Data.Common.EnumNames.Of(e.Status)}.", "check_in_closed");
        }
        var now = clock.StoredUtcNow();
        CheckWindow(e, options.Value.CheckInLead, now);
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
        var response = await AttendeeEndpoints.ReadAsync(db, id, attendeeId, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(response);
    }

    private static void CheckWindow(Event e, TimeSpan lead, DateTime now)
    {
        var opens = e.StartDate - lead;
        if (now < opens)
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "Conflict",
                $"Check-in opens at {TimestampFormat.Write(opens)}, {lead.TotalHours:0.##} h before the event starts.", "check_in_not_open")
            {
                Extensions = { ["opens_at"] = TimestampFormat.Write(opens), ["closes_at"] = TimestampFormat.Write(e.EndDate) },
            };
        }
        if (now >= e.EndDate)
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "Conflict",
                $"Check-in closed when the event ended ({TimestampFormat.Write(e.EndDate)}).", "check_in_closed")
            {
                Extensions = { ["opens_at"] = TimestampFormat.Write(opens), ["closes_at"] = TimestampFormat.Write(e.EndDate) },
            };
        }
    }
}
