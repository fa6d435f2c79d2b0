using Plugs.Data.Common;
using System.Text.Json;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>
/// Registers a user or a contact of the organization. While seats remain the person is
/// registered; beyond <c>max_attendees</c> they join the waitlist at the next position. Runs under
/// the event lock, so simultaneous registrations are decided one at a time.
/// </summary>
public static class RegisterAttendee
{
    public sealed record Request(Guid? UserId, Guid? ContactId, AttendeeRole? Role, AttendeeStatus? Status, string? Notes, JsonElement? Metadata);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.UserId).NotNull().When(x => x.ContactId is null).WithMessage("Name the person: user_id or contact_id.");
            RuleFor(x => x.ContactId).Null().When(x => x.UserId is not null).WithMessage("Name one person: user_id or contact_id, not both.");
            RuleFor(x => x.Status).Must(s => s is null or AttendeeStatus.Registered or AttendeeStatus.Invited)
                .WithMessage("A new attendee is registered or invited.");
            RuleFor(x => x.Notes).MaximumLength(10_000);
            RuleFor(x => x.Metadata).JsonObject();
        }
    }

    public static async Task<Created<AttendeeResponse>> HandleAsync(
        Guid id, Request request, PlugsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var e = await db.LockEventAsync(id, ct);
        if (e.IsClosed())
        {
            throw ProblemException.Conflict($"The event is {Data.Common.EnumNames.Of(e.Status)}; it takes no registrations.", "registration_closed");
        }
        await People.EnsureAsync(db, request.UserId, request.ContactId, ct);
        if (await AttendeeEndpoints.LiveFor(db, id, request.UserId, request.ContactId).AnyAsync(ct))
        {
            throw ProblemException.Conflict("This person is already registered for the event.", "already_registered");
        }
        var now = clock.StoredUtcNow();
        var attendee = new EventAttendee
        {
            EventId = id,
            UserId = request.UserId,
            ContactId = request.ContactId,
            Role = request.Role ?? AttendeeRole.Attendee,
            Notes = request.Notes,
            Metadata = EventRules.Json(request.Metadata) ?? "{}",
        };
        if (request.Status == AttendeeStatus.Invited)
        {
            attendee.Status = AttendeeStatus.Invited;
        }
        else
        {
            await AttendeeEndpoints.SeatOrQueueAsync(db, e, attendee, now, ct);
        }
        db.EventAttendees.Add(attendee);
        await db.SaveChangesAsync(ct);
        await Seats.SettleAsync(db, e, now, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/events/{id}/attendees/{attendee.Id}", AttendeeResponse.From(attendee));
    }
}
