using Plugs.Api.Platform.Json;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Serialization;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

public sealed record EventResponse(
    Guid Id, string Title, string? Description, EventType EventType, EventStatus Status, DateTime StartDate, DateTime EndDate,
    string Timezone, string? Location, string? Venue, JsonColumn VenueDetails, decimal Budget, string Currency,
    int? MaxAttendees, int CurrentAttendees, string? RegistrationUrl, JsonColumn Settings, JsonColumn Metadata,
    Guid? CreatedBy, Guid? UpdatedBy, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>The programme, in time order: only on the single-event endpoint.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AgendaItemResponse>? Agenda { get; init; }

    /// <summary>Attendees per status (every status present, zero included): only on the single-event endpoint.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, int>? AttendeeCounts { get; init; }

    public static EventResponse From(Event e) => new(
        e.Id, e.Title, e.Description, e.EventType, e.Status, e.StartDate, e.EndDate, e.Timezone, e.Location, e.Venue,
        JsonColumn.Read(e.VenueDetails), EventRules.Money(e.Budget), e.Currency, e.MaxAttendees, e.CurrentAttendees,
        e.RegistrationUrl, JsonColumn.Read(e.Settings), JsonColumn.Read(e.Metadata), e.CreatedBy, e.UpdatedBy,
        e.CreatedAt, e.UpdatedAt);
}

public sealed record AgendaItemResponse(
    Guid Id, Guid EventId, string Title, string? Description, AgendaItemType ItemType, DateTime StartTime, DateTime EndTime,
    string? Location, Guid? SpeakerUserId, Guid? SpeakerContactId, int SortOrder, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static readonly Expression<Func<EventAgendaItem, AgendaItemResponse>> Projection = a => new AgendaItemResponse(
        a.Id, a.EventId, a.Title, a.Description, a.ItemType, a.StartTime, a.EndTime, a.Location, a.SpeakerUserId,
        a.SpeakerContactId, a.SortOrder, a.CreatedAt, a.UpdatedAt);

    private static readonly Func<EventAgendaItem, AgendaItemResponse> Compiled = Projection.Compile();

    public static AgendaItemResponse From(EventAgendaItem a) => Compiled(a);
}

/// <summary>
/// One person's place at an event, with the person's <c>name</c> and <c>email</c> (the contact's or
/// the user's; null once the person is deleted, and a contact's e-mail may be empty).
/// </summary>
public sealed record AttendeeResponse(
    Guid Id, Guid EventId, Guid? UserId, Guid? ContactId, string? Name, string? Email, AttendeeRole Role, AttendeeStatus Status,
    DateTime? RegisteredAt, DateTime? CheckedInAt, int? WaitlistPosition, string? Notes, JsonColumn Metadata, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>
    /// Projected in the database; the person is read through correlated lookups by primary key
    /// (only the branch for the kind of person the row names runs), under the usual tenant and
    /// soft-delete filters.
    /// </summary>
    public static Expression<Func<EventAttendee, AttendeeResponse>> Projection(PlugsDbContext db) => a => new AttendeeResponse(
        a.Id, a.EventId, a.UserId, a.ContactId,
        a.ContactId != null
            ? db.Contacts.Where(c => c.Id == a.ContactId).Select(c => c.FirstName + " " + c.LastName).FirstOrDefault()
            : db.Users.Where(u => u.Id == a.UserId).Select(u => u.FirstName + " " + u.LastName).FirstOrDefault(),
        a.ContactId != null
            ? db.Contacts.Where(c => c.Id == a.ContactId).Select(c => c.Email).FirstOrDefault()
            : db.Users.Where(u => u.Id == a.UserId).Select(u => (string?)u.Email).FirstOrDefault(),
        a.Role, a.Status, a.RegisteredAt, a.CheckedInAt, a.WaitlistPosition, a.Notes, JsonColumn.Read(a.Metadata), a.CreatedAt, a.UpdatedAt);
}
