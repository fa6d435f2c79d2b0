using System.Text.Json;
using Plugs.Api.Platform.Json;
using Plugs.Data.Common;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>
/// Role, notes, metadata, and the status moves a client may make: invited or cancelled →
/// registered (a seat or the waitlist), anything live → cancelled (its seat goes to the first
/// waitlisted), registered → no_show once the event is over. Attendance is recorded by check-in.
/// The role is applied first, so a move is decided for the role the person ends up with: a
/// waitlisted attendee who becomes a speaker is registered at once (and frees a place in line), an
/// attendee who becomes one of the event's own people frees their seat, and one of them who becomes
/// an attendee needs a free seat (409 <c>event_full</c> otherwise).
/// </summary>
public static class UpdateAttendee
{
    public sealed record Request(PatchValue<AttendeeRole?> Role, PatchValue<AttendeeStatus?> Status, PatchValue<string?> Notes, PatchValue<JsonElement?> Metadata);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Role.Value).NotNull().When(x => x.Role.IsSet);
            RuleFor(x => x.Status.Value).NotNull().When(x => x.Status.IsSet);
            RuleFor(x => x.Notes.Value).MaximumLength(10_000);
            RuleFor(x => x.Metadata.Value).JsonObject();
        }
    }

    public static async Task<Ok<AttendeeResponse>> HandleAsync(
        Guid id, Guid attendeeId, Request request, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var e = await db.LockEventAsync(id, ct);
        var attendee = await AttendeeEndpoints.FindAsync(db, id, attendeeId, ct);
        ETags.CheckIfMatch(http, attendee.UpdatedAt);
        var now = clock.StoredUtcNow();
        var moves = request.Status.IsSet && request.Status.Value != attendee.Status;
        if (request.Role.IsSet && request.Role.Value != attendee.Role)
        {
            await ChangeRoleAsync(db, e, attendee, request.Role.Value!.Value, seatDecidedByMove: moves, now, ct);
        }
        if (moves)
        {
            await MoveAsync(db, e, attendee, request.Status.Value!.Value, now, ct);
        }
        attendee.Notes = request.Notes.Or(attendee.Notes);
        if (request.Metadata.IsSet)
        {
            attendee.Metadata = EventRules.Json(request.Metadata.Value) ?? "{}";
        }
        await db.SaveChangesAsync(ct);
        await Seats.SettleAsync(db, e, now, ct);
        var response = await AttendeeEndpoints.ReadAsync(db, id, attendeeId, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(response);
    }

    /// <summary>
    /// A new role, and what it means for the person's seat. Unless this request also moves the
    /// status (which then decides the seat for the new role), a waitlisted person who stops being
    /// an attendee is registered, and a registered or attended one who becomes an attendee needs a
    /// seat that is free now.
    /// </summary>
    private static async Task ChangeRoleAsync(
        PlugsDbContext db, Event e, EventAttendee attendee, AttendeeRole role, bool seatDecidedByMove, DateTime now, CancellationToken ct)
    {
        var needsSeat = Seats.TakesASeat(role) && !Seats.TakesASeat(attendee.Role) && Seats.HoldsPlace(attendee.Status);
        attendee.Role = role;
        if (seatDecidedByMove)
        {
            return;
        }
        if (attendee.Status == AttendeeStatus.Waitlisted && !Seats.TakesASeat(role))
        {
            attendee.Status = AttendeeStatus.Registered;
            attendee.RegisteredAt = now;
            attendee.WaitlistPosition = null;
        }
        else if (needsSeat)
        {
            if (attendee.Status == AttendeeStatus.Registered)
            {
                AttendeeEndpoints.CheckRegistrationOpen(e, role, attendee.Status);
            }
            if (!await Seats.HasSeatAsync(db, e, ct))
            {
                throw new ProblemException(StatusCodes.Status409Conflict, "Conflict",
                    "Every seat is taken: as an attendee this person would need one. Raise max_attendees or free a seat first.", "event_full")
                {
                    Extensions = { ["max_attendees"] = e.MaxAttendees, ["current_attendees"] = e.CurrentAttendees },
                };
            }
        }
    }

    /// <summary>Each status and where an attendee may come to it from (attended: through check-in).</summary>
    private static readonly (AttendeeStatus To, IReadOnlyCollection<AttendeeStatus> From)[] Moves =
    [
        (AttendeeStatus.Cancelled, [AttendeeStatus.Invited, AttendeeStatus.Registered, AttendeeStatus.Waitlisted]),
        (AttendeeStatus.Registered, [AttendeeStatus.Invited, AttendeeStatus.Cancelled]),
        (AttendeeStatus.NoShow, [AttendeeStatus.Registered]),
        (AttendeeStatus.Attended, [AttendeeStatus.Registered]),
    ];

    private static async Task MoveAsync(PlugsDbContext db, Event e, EventAttendee attendee, AttendeeStatus to, DateTime now, CancellationToken ct)
    {
        var from = attendee.Status;
        switch (to)
        {
            case AttendeeStatus.Cancelled when from is AttendeeStatus.Invited or AttendeeStatus.Registered or AttendeeStatus.Waitlisted:
                attendee.Status = AttendeeStatus.Cancelled;
                attendee.WaitlistPosition = null;
                break;
            case AttendeeStatus.Registered when from is AttendeeStatus.Invited or AttendeeStatus.Cancelled:
                AttendeeEndpoints.CheckRegistrationOpen(e, attendee.Role, to);
                if (from == AttendeeStatus.Cancelled
                    && await AttendeeEndpoints.LiveFor(db, e.Id, attendee.UserId, attendee.ContactId).AnyAsync(a => a.Id != attendee.Id, ct))
                {
                    throw ProblemException.Conflict("This person is already registered for the event.", "already_registered");
                }
                await AttendeeEndpoints.SeatOrQueueAsync(db, e, attendee, now, ct);
                break;
            case AttendeeStatus.NoShow when from is AttendeeStatus.Registered:
                if (e.EndDate > now && e.Status != EventStatus.Completed)
                {
                    throw ProblemException.Conflict("No-shows are marked once the event is over.", "event_not_over");
                }
                attendee.Status = AttendeeStatus.NoShow;
                break;
            case AttendeeStatus.Attended:
                throw Transitions.Refused("Attendance is recorded by POST …/check-in.", from, to, Transitions.From(Moves, from));
            default:
                throw Transitions.Refused($"An attendee who is {EnumNames.Of(from)} cannot become {EnumNames.Of(to)}.", from, to, Transitions.From(Moves, from));
        }
    }
}
