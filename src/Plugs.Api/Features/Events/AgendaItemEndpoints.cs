using Plugs.Api.Platform.Database;
using Plugs.Api.Platform.Json;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>
/// <c>/events/{id}/agenda</c>: items lie inside the event, start before they end, and a speaker is
/// never in two overlapping items (across the organization's live events: one person, one place).
/// </summary>
public static class AgendaItemEndpoints
{
    public sealed record CreateRequest(
        string? Title, string? Description, AgendaItemType? ItemType, DateTimeOffset? StartTime, DateTimeOffset? EndTime,
        string? Location, Guid? SpeakerUserId, Guid? SpeakerContactId, int? SortOrder);

    public sealed record UpdateRequest(
        PatchValue<string?> Title, PatchValue<string?> Description, PatchValue<AgendaItemType?> ItemType,
        PatchValue<DateTimeOffset?> StartTime, PatchValue<DateTimeOffset?> EndTime, PatchValue<string?> Location,
        PatchValue<Guid?> SpeakerUserId, PatchValue<Guid?> SpeakerContactId, PatchValue<int?> SortOrder);

    internal sealed class CreateValidator : AbstractValidator<CreateRequest>
    {
        public CreateValidator()
        {
            RuleFor(x => x.Title).Title();
            RuleFor(x => x.Description).MaximumLength(20_000);
            RuleFor(x => x.StartTime).NotNull();
            RuleFor(x => x.EndTime).NotNull();
            RuleFor(x => x.EndTime).GreaterThan(x => x.StartTime).When(x => x.StartTime is not null && x.EndTime is not null)
                .WithMessage("Must be after start_time.");
            RuleFor(x => x.Location).MaximumLength(255);
            RuleFor(x => x.SpeakerContactId).Null().When(x => x.SpeakerUserId is not null).WithMessage("One speaker: speaker_user_id or speaker_contact_id.");
            RuleFor(x => x.SortOrder).InclusiveBetween(0, 100_000);
        }
    }

    internal sealed class UpdateValidator : AbstractValidator<UpdateRequest>
    {
        public UpdateValidator()
        {
            RuleFor(x => x.Title.Value).Title().When(x => x.Title.IsSet);
            RuleFor(x => x.Description.Value).MaximumLength(20_000);
            RuleFor(x => x.ItemType.Value).NotNull().When(x => x.ItemType.IsSet);
            RuleFor(x => x.StartTime.Value).NotNull().When(x => x.StartTime.IsSet);
            RuleFor(x => x.EndTime.Value).NotNull().When(x => x.EndTime.IsSet);
            RuleFor(x => x.Location.Value).MaximumLength(255);
            RuleFor(x => x.SortOrder.Value).NotNull().InclusiveBetween(0, 100_000).When(x => x.SortOrder.IsSet);
        }
    }

    public static void MapAgenda(this RouteGroupBuilder events)
    {
        events.MapGet("/{id:guid}/agenda", ListAsync).WithTags("Event agenda");
        events.MapPost("/{id:guid}/agenda", CreateAsync).WithTags("Event agenda").Validates<CreateRequest>().WithIdempotency();
        events.MapGet("/{id:guid}/agenda/{itemId:guid}", GetAsync).WithTags("Event agenda");
        events.MapPatch("/{id:guid}/agenda/{itemId:guid}", UpdateAsync).HonoursIfMatch().WithTags("Event agenda").Validates<UpdateRequest>();
        events.MapDelete("/{id:guid}/agenda/{itemId:guid}", DeleteAsync).HonoursIfMatch().WithTags("Event agenda");
    }

    private static async Task<Ok<List<AgendaItemResponse>>> ListAsync(Guid id, [AsParameters] PageQuery page, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        await People.EnsureEventAsync(db, id, ct);
        var query = db.EventAgendaItems.AsNoTracking().Where(a => a.EventId == id)
            .OrderBy(a => a.StartTime).ThenBy(a => a.SortOrder).ThenBy(a => a.Id).Select(AgendaItemResponse.Projection);
        return TypedResults.Ok(await page.ToPageAsync(query, http, ct));
    }

    /// <summary>One item of a live event's agenda.</summary>
    private static async Task<Ok<AgendaItemResponse>> GetAsync(Guid id, Guid itemId, PlugsDbContext db, CancellationToken ct)
    {
        await People.EnsureEventAsync(db, id, ct);
        return TypedResults.Ok(await db.EventAgendaItems.AsNoTracking().Where(a => a.Id == itemId && a.EventId == id)
            .Select(AgendaItemResponse.Projection).FirstOrDefaultAsync(ct) ?? throw ProblemException.NotFound("agenda item"));
    }

    private static async Task<Created<AgendaItemResponse>> CreateAsync(Guid id, CreateRequest request, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Speakers are checked across events: serialise the organization's agenda writes.
        await db.LockOrganizationAsync(ct);
        var e = await db.Events.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw ProblemException.NotFound("event");
        var item = new EventAgendaItem
        {
            EventId = id,
            Title = request.Title!.Trim(),
            Description = request.Description,
            ItemType = request.ItemType ?? AgendaItemType.Session,
            StartTime = request.StartTime!.Value.UtcDateTime,
            EndTime = request.EndTime!.Value.UtcDateTime,
            Location = request.Location,
            SpeakerUserId = request.SpeakerUserId,
            SpeakerContactId = request.SpeakerContactId,
            SortOrder = request.SortOrder ?? 0,
        };
        await CheckAsync(db, e, item, ct);
        db.EventAgendaItems.Add(item);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        ETags.Write(http, item.UpdatedAt);
        return TypedResults.Created($"/api/v1/events/{id}/agenda/{item.Id}", AgendaItemResponse.From(item));
    }

    private static async Task<Ok<AgendaItemResponse>> UpdateAsync(
        Guid id, Guid itemId, UpdateRequest request, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.LockOrganizationAsync(ct);
        var e = await db.Events.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw ProblemException.NotFound("event");
        var item = await db.EventAgendaItems.FirstOrDefaultAsync(a => a.Id == itemId && a.EventId == id, ct) ?? throw ProblemException.NotFound("agenda item");
        ETags.CheckIfMatch(http, item.UpdatedAt);
        item.Title = request.Title.Or(item.Title)!.Trim();
        item.Description = request.Description.Or(item.Description);
        item.ItemType = request.ItemType.Or(item.ItemType) ?? item.ItemType;
        item.StartTime = request.StartTime.IsSet ? request.StartTime.Value!.Value.UtcDateTime : item.StartTime;
        item.EndTime = request.EndTime.IsSet ? request.EndTime.Value!.Value.UtcDateTime : item.EndTime;
        item.Location = request.Location.Or(item.Location);
        item.SpeakerUserId = request.SpeakerUserId.Or(item.SpeakerUserId);
        item.SpeakerContactId = request.SpeakerContactId.Or(item.SpeakerContactId);
        item.SortOrder = request.SortOrder.Or(item.SortOrder) ?? item.SortOrder;
        if (item.EndTime <= item.StartTime)
        {
            throw ValidationProblemException.For(request.EndTime.IsSet ? "end_time" : "start_time", "end_time must be after start_time.");
        }
        if (item.SpeakerUserId is not null && item.SpeakerContactId is not null)
        {
            throw ValidationProblemException.For("speaker_contact_id", "One speaker: speaker_user_id or speaker_contact_id.");
        }
        await CheckAsync(db, e, item, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        ETags.Write(http, item.UpdatedAt);
        return TypedResults.Ok(AgendaItemResponse.From(item));
    }

    private static async Task<NoContent> DeleteAsync(Guid id, Guid itemId, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        await People.EnsureEventAsync(db, id, ct);
        var item = await db.EventAgendaItems.FirstOrDefaultAsync(a => a.Id == itemId && a.EventId == id, ct) ?? throw ProblemException.NotFound("agenda item");
        ETags.CheckIfMatch(http, item.UpdatedAt);
        db.EventAgendaItems.Remove(item);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>Inside the event (422), speaker of this organization (404), speaker free at that time (409).</summary>
    private static async Task CheckAsync(PlugsDbContext db, Event e, EventAgendaItem item, CancellationToken ct)
    {
        if (item.StartTime < e.StartDate || item.EndTime > e.EndDate)
        {
            throw ValidationProblemException.For(item.StartTime < e.StartDate ? "start_time" : "end_time",
                $"Must lie within the event ({Platform.Json.TimestampFormat.Write(e.StartDate)} – {Platform.Json.TimestampFormat.Write(e.EndDate)}).");
        }
        await People.EnsureAsync(db, item.SpeakerUserId, item.SpeakerContactId, ct);
        if (item.SpeakerUserId is null && item.SpeakerContactId is null)
        {
            return;
        }
        var overlapping = db.EventAgendaItems.Where(a => a.Id != item.Id && a.StartTime < item.EndTime && item.StartTime < a.EndTime
            && db.Events.Any(x => x.Id == a.EventId && x.Status != EventStatus.Cancelled));
        var clash = item.SpeakerUserId is { } user
            ? await overlapping.Where(a => a.SpeakerUserId == user).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct)
            : await overlapping.Where(a => a.SpeakerContactId == item.SpeakerContactId).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        if (clash is { } other)
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "Conflict", "The speaker is already in an overlapping agenda item.", "speaker_double_booked")
            {
                Extensions = { ["conflicting_item_id"] = other },
            };
        }
    }
}
