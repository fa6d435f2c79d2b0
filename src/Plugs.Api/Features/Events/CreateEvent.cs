using System.Text.Json;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>A new event starts as a draft; its status only moves through the lifecycle endpoints.</summary>
public static class CreateEvent
{
    public sealed record Request(
        string? Title, string? Description, EventType? EventType, DateTimeOffset? StartDate, DateTimeOffset? EndDate,
        string? Timezone, string? Location, string? Venue, JsonElement? VenueDetails, decimal? Budget, string? Currency,
        int? MaxAttendees, string? RegistrationUrl, JsonElement? Settings, JsonElement? Metadata);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Title).Title();
            RuleFor(x => x.Description).MaximumLength(50_000);
            RuleFor(x => x.StartDate).NotNull().EventTime();
            RuleFor(x => x.EndDate).NotNull().EventTime();
            RuleFor(x => x.EndDate).GreaterThan(x => x.StartDate).When(x => x.StartDate is not null && x.EndDate is not null)
                .WithMessage("Must be after start_date.");
            RuleFor(x => x.Timezone).TimeZone();
            RuleFor(x => x.Location).MaximumLength(255);
            RuleFor(x => x.Venue).MaximumLength(255);
            RuleFor(x => x.VenueDetails).JsonObject();
            RuleFor(x => x.Budget).Budget();
            RuleFor(x => x.Currency).Currency();
            RuleFor(x => x.MaxAttendees).Capacity();
            RuleFor(x => x.RegistrationUrl).ValidUrl(500);
            RuleFor(x => x.Settings).JsonObject();
            RuleFor(x => x.Metadata).JsonObject();
        }
    }

    public static async Task<Created<EventResponse>> HandleAsync(Request request, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var e = new Event
        {
            Title = request.Title!.Trim(),
            Description = request.Description,
            EventType = request.EventType ?? EventType.Networking,
            StartDate = request.StartDate!.Value.UtcDateTime,
            EndDate = request.EndDate!.Value.UtcDateTime,
            Timezone = request.Timezone ?? "UTC",
            Location = request.Location,
            Venue = request.Venue,
            VenueDetails = EventRules.Json(request.VenueDetails) ?? "{}",
            Budget = request.Budget ?? 0m,
            Currency = request.Currency ?? "USD",
            MaxAttendees = request.MaxAttendees,
            RegistrationUrl = request.RegistrationUrl,
            Settings = EventRules.Json(request.Settings) ?? "{}",
            Metadata = EventRules.Json(request.Metadata) ?? "{}",
        };
        db.Events.Add(e);
        await db.SaveChangesAsync(ct);
        ETags.Write(http, e.UpdatedAt);
        return TypedResults.Created($"/api/v1/events/{e.Id}", EventResponse.From(e));
    }
}
