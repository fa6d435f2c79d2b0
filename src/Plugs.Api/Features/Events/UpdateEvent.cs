using Plugs.Data.Common;
using System.Text.Json;
using Plugs.Api.Platform.Json;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>Partial update. Status moves only through the lifecycle endpoints; counters, ids and stamps are the server's.</summary>
public static class UpdateEvent
{
    public sealed record Request(
        PatchValue<string?> Title, PatchValue<string?> Description, PatchValue<EventType?> EventType,
        PatchValue<DateTimeOffset?> StartDate, PatchValue<DateTimeOffset?> EndDate, PatchValue<string?> Timezone,
        PatchValue<string?> Location, PatchValue<string?> Venue, PatchValue<JsonElement?> VenueDetails,
        PatchValue<decimal?> Budget, PatchValue<string?> Currency, PatchValue<int?> MaxAttendees,
        PatchValue<string?> RegistrationUrl, PatchValue<JsonElement?> Settings, PatchValue<JsonElement?> Metadata);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Title.Value).Title().When(x => x.Title.IsSet);
            RuleFor(x => x.Description.Value).MaximumLength(50_000);
            RuleFor(x => x.EventType.Value).NotNull().When(x => x.EventType.IsSet);
            RuleFor(x => x.StartDate.Value).NotNull().EventTime().When(x => x.StartDate.IsSet);
            RuleFor(x => x.EndDate.Value).NotNull().EventTime().When(x => x.EndDate.IsSet);
            RuleFor(x => x.Timezone.Value).NotNull().TimeZone().When(x => x.Timezone.IsSet);
            RuleFor(x => x.Location.Value).MaximumLength(255);
            RuleFor(x => x.Venue.Value).MaximumLength(255);
            RuleFor(x => x.VenueDetails.Value).JsonObject();
            RuleFor(x => x.Budget.Value).NotNull().Budget().When(x => x.Budget.IsSet);
            RuleFor(x => x.Currency.Value).NotNull().Currency().When(x => x.Currency.IsSet);
            RuleFor(x => x.MaxAttendees.Value).Capacity();
            RuleFor(x => x.RegistrationUrl.Value).ValidUrl(500);
            RuleFor(x => x.Settings.Value).JsonObject();
            RuleFor(x => x.Metadata.Value).JsonObject();
        }
    }

    public static async Task<Ok<EventResponse>> HandleAsync(
        Guid id, Request request, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var e = await db.LockEventAsync(id, ct);
        ETags.CheckIfMatch(http, e.UpdatedAt);
        var start = request.StartDate.IsSet ? request.StartDate.Value!.Value.UtcDateTime : e.StartDate;
        var end = request.EndDate.IsSet ? request.EndDate.Value!.Value.UtcDateTime : e.EndDate;
        if (end <= start)
        {
            throw ValidationProblemException.For(request.EndDate.IsSet ? "end_date" : "start_date", "end_date must be after start_date.");
        }
        if ((start != e.StartDate || end != e.EndDate)
            && await db.EventAgendaItems.AnyAsync(a => a.EventId == id && (a.StartTime < start || a.EndTime > end), ct))
        {
            throw ProblemException.Conflict("Agenda items would fall outside the new dates; move or delete them first.", "agenda_outside_event");
        }
        var capacity = request.MaxAttendees.Or(e.MaxAttendees);
        if (capacity is { } max && max < await Seats.TakenAsync(db, id, ct))
        {
            throw ProblemException.Conflict("More people are registered than the new max_attendees; cancel registrations first.", "capacity_below_registrations");
        }
        e.Title = request.Title.Or(e.Title)!.Trim();
        e.Description = request.Description.Or(e.Description);
        e.EventType = request.EventType.Or(e.EventType) ?? e.EventType;
        e.StartDate = start;
        e.EndDate = end;
        e.Timezone = request.Timezone.Or(e.Timezone) ?? e.Timezone;
        e.Location = request.Location.Or(e.Location);
        e.Venue = request.Venue.Or(e.Venue);
        e.VenueDetails = request.VenueDetails.IsSet ? EventRules.Json(request.VenueDetails.Value) ?? "{}" : e.VenueDetails;
        e.Budget = request.Budget.Or(e.Budget) ?? e.Budget;
        e.Currency = request.Currency.Or(e.Currency) ?? e.Currency;
        e.MaxAttendees = capacity;
        e.RegistrationUrl = request.RegistrationUrl.Or(e.RegistrationUrl);
        e.Settings = request.Settings.IsSet ? EventRules.Json(request.Settings.Value) ?? "{}" : e.Settings;
        e.Metadata = request.Metadata.IsSet ? EventRules.Json(request.Metadata.Value) ?? "{}" : e.Metadata;
        await db.SaveChangesAsync(ct);
        if (request.MaxAttendees.IsSet)
        {
            // More seats (or no cap any more) go to the waitlist, first in line first.
            await Seats.SettleAsync(db, e, clock.StoredUtcNow(), ct);
        }
        var response = await EventEndpoints.DetailAsync(db, e, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(response);
    }
}
