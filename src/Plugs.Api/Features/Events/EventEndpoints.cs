using Plugs.Data.Common;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

public static class EventEndpoints
{
    public static void MapEvents(this IEndpointRouteBuilder api)
    {
        var events = api.MapGroup("/events").WithTags("Events").RequireAuthorization();
        events.MapGet("/", ListAsync);
        events.MapPost("/", CreateEvent.HandleAsync).Validates<CreateEvent.Request>().WithIdempotency();
        events.MapGet("/{id:guid}", GetAsync);
        events.MapPatch("/{id:guid}", UpdateEvent.HandleAsync).HonoursIfMatch().Validates<UpdateEvent.Request>();
        events.MapDelete("/{id:guid}", DeleteAsync).HonoursIfMatch();
        events.MapPost("/{id:guid}/restore", RestoreAsync);
        events.MapLifecycle();
        events.MapAttendees();
        events.MapAgenda();
        events.MapGet("/{id:guid}/calendar.ics", EventCalendar.HandleAsync).WithName("GetEventCalendar").Produces(StatusCodes.Status200OK, contentType: "text/calendar");
    }

    private static async Task<Ok<List<EventResponse>>> ListAsync(
        [AsParameters] PageQuery page, [AsParameters] EventFilter filter, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var query = filter.Apply(db.Events.AsNoTracking(), clock.GetUtcNow().UtcDateTime)
            .ApplySort(filter.Sort, "start_date", e => e.Id);
        var rows = await page.ToPageAsync(query, http, ct);
        return TypedResults.Ok(rows.Select(EventResponse.From).ToList());
    }

    private static async Task<Ok<EventResponse>> GetAsync(Guid id, PlugsDbContext db, CancellationToken ct)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw ProblemException.NotFound("event");
        return TypedResults.Ok(await DetailAsync(db, e, ct));
    }

    /// <summary>
    /// The event as every single-event answer shows it (GET, PATCH, the lifecycle moves, restore,
    /// no-shows): with its agenda in time order and its attendees counted per status.
    /// </summary>
    internal static async Task<EventResponse> DetailAsync(PlugsDbContext db, Event e, CancellationToken ct)
    {
        var agenda = await db.EventAgendaItems.AsNoTracking().Where(a => a.EventId == e.Id)
            .OrderBy(a => a.StartTime).ThenBy(a => a.SortOrder).ThenBy(a => a.Id)
            .Select(AgendaItemResponse.Projection).ToListAsync(ct);
        var counts = await db.EventAttendees.Where(a => a.EventId == e.Id).GroupBy(a => a.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var byStatus = Enum.GetValues<AttendeeStatus>().ToDictionary(
            EnumNames.Of, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
        return EventResponse.From(e) with { Agenda = agenda, AttendeeCounts = byStatus };
    }

    private static async Task<NoContent> DeleteAsync(Guid id, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var e = await db.Events.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw ProblemException.NotFound("event");
        ETags.CheckIfMatch(http, e.UpdatedAt);
        db.Events.Remove(e);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<EventResponse>> RestoreAsync(Guid id, PlugsDbContext db, CancellationToken ct)
    {
        var e = await db.Events.IgnoreQueryFilters([ModelConventions.SoftDeleteFilterName])
            .FirstOrDefaultAsync(x => x.Id == id && x.IsDeleted, ct) ?? throw ProblemException.NotFound("deleted event");
        e.IsDeleted = false;
        e.DeletedAt = null;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await DetailAsync(db, e, ct));
    }
}
