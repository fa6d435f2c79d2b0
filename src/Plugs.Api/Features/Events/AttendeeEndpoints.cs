using Plugs.Data.Common;
using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary><c>/events/{id}/attendees</c>: registrations, the waitlist, cancellations and check-in.</summary>
public static class AttendeeEndpoints
{
    private sealed class AttendeeSort : ISortFields<EventAttendee>
    {
        public static IReadOnlyDictionary<string, Expression<Func<EventAttendee, object?>>> Fields { get; } = new Dictionary<string, Expression<Func<EventAttendee, object?>>>
        {
            ["created_at"] = a => a.CreatedAt,
            ["registered_at"] = a => a.RegisteredAt,
            ["checked_in_at"] = a => a.CheckedInAt,
            ["waitlist_position"] = a => a.WaitlistPosition,
            ["status"] = a => a.Status,
            ["role"] = a => a.Role,
        };
    }

    public static void MapAttendees(this RouteGroupBuilder events)
    {
        events.MapGet("/{id:guid}/attendees", ListAsync).WithTags("Event attendees");
        events.MapPost("/{id:guid}/attendees", RegisterAttendee.HandleAsync).WithTags("Event attendees")
            .Validates<RegisterAttendee.Request>().WithIdempotency();
        events.MapGet("/{id:guid}/attendees/{attendeeId:guid}", GetAsync).WithTags("Event attendees");
        events.MapPatch("/{id:guid}/attendees/{attendeeId:guid}", UpdateAttendee.HandleAsync).HonoursIfMatch().WithTags("Event attendees")
            .Validates<UpdateAttendee.Request>();
        events.MapDelete("/{id:guid}/attendees/{attendeeId:guid}", DeleteAsync).HonoursIfMatch().WithTags("Event attendees");
        events.MapPost("/{id:guid}/attendees/{attendeeId:guid}/check-in", CheckIn.HandleAsync).WithName("CheckInAttendee").WithTags("Event attendees");
        events.MapPost("/{id:guid}/no-shows", NoShows.HandleAsync).WithName("MarkNoShows").WithTags("Event attendees");
    }

    /// <summary>Filters <c>status</c>, <c>role</c>; default order is arrival (<c>created_at</c>).</summary>
    private static async Task<Ok<List<AttendeeResponse>>> ListAsync(
        Guid id, [AsParameters] PageQuery page, [FromQuery(Name = "status")] QueryChoice<AttendeeStatus>? status, [FromQuery(Name = "role")] QueryChoice<AttendeeRole>? role,
        [FromQuery(Name = "sort")] SortBy<AttendeeSort>? sort, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        await People.EnsureEventAsync(db, id, ct);
        var query = db.EventAttendees.AsNoTracking().Where(a => a.EventId == id);
        if (QueryValues.Enum<AttendeeStatus>(status, "status") is { } s)
        {
            query = query.Where(a => a.Status == s);
        }
        if (QueryValues.Enum<AttendeeRole>(role, "role") is { } r)
        {
            query = query.Where(a => a.Role == r);
        }
        var rows = query.ApplySort(sort, "created_at", a => a.Id).Select(AttendeeResponse.Projection(db));
        return TypedResults.Ok(await page.ToPageAsync(query, rows, http, ct));
    }

    /// <summary>One registration of a live event.</summary>
    private static async Task<Ok<AttendeeResponse>> GetAsync(Guid id, Guid attendeeId, PlugsDbContext db, CancellationToken ct)
    {
        await People.EnsureEventAsync(db, id, ct);
        return TypedResults.Ok(await ReadAsync(db, id, attendeeId, ct));
    }

    /// <summary>The registration as every single-attendee answer shows it (GET, POST, PATCH, check-in).</summary>
    internal static async Task<AttendeeResponse> ReadAsync(PlugsDbContext db, Guid eventId, Guid attendeeId, CancellationToken ct) =>
        await db.EventAttendees.AsNoTracking().Where(a => a.Id == attendeeId && a.EventId == eventId)
            .Select(AttendeeResponse.Projection(db)).FirstOrDefaultAsync(ct) ?? throw ProblemException.NotFound("attendee");

    /// <summary>Removes the registration (soft delete); a seat it held goes to the first waitlisted.</summary>
    private static async Task<NoContent> DeleteAsync(Guid id, Guid attendeeId, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var e = await db.LockEventAsync(id, ct);
        var attendee = await FindAsync(db, id, attendeeId, ct);
        ETags.CheckIfMatch(http, attendee.UpdatedAt);
        attendee.Status = AttendeeStatus.Cancelled;
        attendee.WaitlistPosition = null;
        db.EventAttendees.Remove(attendee);
        await db.SaveChangesAsync(ct);
        await Seats.SettleAsync(db, e, clock.StoredUtcNow(), ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    internal static async Task<EventAttendee> FindAsync(PlugsDbContext db, Guid eventId, Guid attendeeId, CancellationToken ct) =>
        await db.EventAttendees.FirstOrDefaultAsync(a => a.Id == attendeeId && a.EventId == eventId, ct) ?? throw ProblemException.NotFound("attendee");

    /// <summary>The person's live (not cancelled) registrations for the event.</summary>
    internal static IQueryable<EventAttendee> LiveFor(PlugsDbContext db, Guid eventId, Guid? userId, Guid? contactId) =>
        userId is { } user
            ? db.EventAttendees.Where(a => a.EventId == eventId && a.UserId == user && a.Status != AttendeeStatus.Cancelled)
            : db.EventAttendees.Where(a => a.EventId == eventId && a.ContactId == contactId && a.Status != AttendeeStatus.Cancelled);

    /// <summary>
    /// Whether the event takes this registration: none once it is cancelled or completed
    /// (<c>registration_closed</c>); while it is a draft, only invitations and the event's own
    /// people (organizers, speakers, volunteers, sponsors), no attendee (<c>registration_not_open</c>).
    /// </summary>
    internal static void CheckRegistrationOpen(Event e, AttendeeRole role, AttendeeStatus status)
    {
        if (e.IsClosed())
        {
            throw ProblemException.Conflict($"The event is {EnumNames.Of(e.Status)}; it takes no registrations.", "registration_closed");
        }
        if (e.Status == EventStatus.Draft && Seats.TakesASeat(role) && status != AttendeeStatus.Invited)
        {
            throw ProblemException.Conflict(
                "The event is a draft: attendees register once it is published (POST …/publish). Invitations and the event's organizers, speakers, volunteers and sponsors can be added now.",
                "registration_not_open");
        }
    }

    /// <summary>
    /// A seat if one is free, otherwise the end of the waitlist; the event's own people are
    /// registered without a seat. Call under the event lock, with the attendee's role already set.
    /// </summary>
    internal static async Task SeatOrQueueAsync(PlugsDbContext db, Event e, EventAttendee attendee, DateTime now, CancellationToken ct)
    {
        if (!Seats.TakesASeat(attendee.Role) || await Seats.HasSeatAsync(db, e, ct))
        {
            attendee.Status = AttendeeStatus.Registered;
            attendee.RegisteredAt = now;
            attendee.WaitlistPosition = null;
        }
        else
        {
            attendee.Status = AttendeeStatus.Waitlisted;
            attendee.RegisteredAt = null;
            attendee.WaitlistPosition = await Seats.NextWaitlistPositionAsync(db, e.Id, ct);
        }
    }
}
