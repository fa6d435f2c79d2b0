using System.Text.Json;
using Plugs.Api.Features.Contacts;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>
/// Registers a user or a contact of the organization — or a walk-in: a new contact given inline
/// (<c>contact</c>), created in the same transaction as the registration. While seats remain an
/// attendee is registered; beyond <c>max_attendees</c> they join the waitlist at the next position.
/// The event's own people (organizers, speakers, volunteers, sponsors) take no seat and are always
/// registered. Runs under the event lock, so simultaneous registrations are decided one at a time.
/// </summary>
public static class RegisterAttendee
{
    public sealed record Request(
        Guid? UserId, Guid? ContactId, CreateContact.Request? Contact, AttendeeRole? Role, AttendeeStatus? Status, string? Notes, JsonElement? Metadata);

    internal sealed class Validator : AbstractValidator<Request>
    {
        private const string OnePerson = "Name one person: user_id, contact_id, or a new contact.";

        public Validator()
        {
            RuleFor(x => x.UserId).NotNull().When(x => x.ContactId is null && x.Contact is null).WithMessage(OnePerson);
            RuleFor(x => x.ContactId).Null().When(x => x.UserId is not null).WithMessage(OnePerson);
            RuleFor(x => x.Contact).Null().When(x => x.UserId is not null || x.ContactId is not null).WithMessage(OnePerson);
            RuleFor(x => x.Contact!).SetValidator(new CreateContact.Validator()).When(x => x.Contact is not null);
            RuleFor(x => x.Status).Must(s => s is null or AttendeeStatus.Registered or AttendeeStatus.Invited)
                .WithMessage("A new attendee is registered or invited.");
            RuleFor(x => x.Notes).MaximumLength(10_000);
            RuleFor(x => x.Metadata).JsonObject();
        }
    }

    public static async Task<Created<AttendeeResponse>> HandleAsync(
        Guid id, Request request, PlugsDbContext db, ContactTags tags, TimeProvider clock, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var e = await db.LockEventAsync(id, ct);
        var role = request.Role ?? AttendeeRole.Attendee;
        AttendeeEndpoints.CheckRegistrationOpen(e, role, request.Status ?? AttendeeStatus.Registered);
        var contactId = request.ContactId;
        if (request.Contact is { } walkIn)
        {
            contactId = (await CreateContact.AddAsync(db, tags, walkIn, ct)).Contact.Id;
        }
        else
        {
            await People.EnsureAsync(db, request.UserId, request.ContactId, ct);
            if (await AttendeeEndpoints.LiveFor(db, id, request.UserId, request.ContactId).AnyAsync(ct))
            {
                throw ProblemException.Conflict("This person is already registered for the event.", "already_registered");
            }
        }
        var now = clock.StoredUtcNow();
        var attendee = new EventAttendee
        {
            EventId = id,
            UserId = request.UserId,
            ContactId = contactId,
            Role = role,
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
        var response = await AttendeeEndpoints.ReadAsync(db, id, attendee.Id, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/events/{id}/attendees/{attendee.Id}", response);
    }
}
