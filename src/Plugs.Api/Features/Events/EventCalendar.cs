using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Plugs.Data.Events;
using EventStatus = Plugs.Data.Events.EventStatus;

namespace Plugs.Api.Features.Events;

/// <summary>
/// <c>GET /events/{id}/calendar.ics</c>: the event and its agenda items as RFC 5545 VEVENTs, in
/// the event's own time zone (with its VTIMEZONE) and with UIDs derived from the row ids, so a
/// re-import updates the entries instead of duplicating them.
/// </summary>
public static class EventCalendar
{
    public const string UidDomain = "theplugs";

    public static async Task<FileContentHttpResult> HandleAsync(Guid id, PlugsDbContext db, CancellationToken ct)
    {
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw ProblemException.NotFound("event");
        var agenda = await db.EventAgendaItems.AsNoTracking().Where(a => a.EventId == id)
            .OrderBy(a => a.StartTime).ThenBy(a => a.SortOrder).ThenBy(a => a.Id).ToListAsync(ct);

        var calendar = NewCalendar();
        Add(calendar, e, agenda);
        return TypedResults.File(Serialize(calendar), "text/calendar; charset=utf-8", $"event-{e.Id}.ics");
    }

    internal static Calendar NewCalendar()
    {
        var calendar = new Calendar { ProductId = "-//The Plugs//Events//EN" };
        calendar.AddProperty("METHOD", "PUBLISH");
        return calendar;
    }

    /// <summary>Adds an event and its agenda items (and the event's VTIMEZONE once per calendar).</summary>
    internal static void Add(Calendar calendar, Event e, IEnumerable<EventAgendaItem> agenda)
    {
        if (e.Timezone != "UTC" && calendar.TimeZones.All(z => z.TzId != e.Timezone))
        {
            calendar.AddTimeZone(new VTimeZone(e.Timezone));
        }
        var status = e.Status switch
        {
            EventStatus.Cancelled => Ical.Net.EventStatus.Cancelled,
            EventStatus.Draft => Ical.Net.EventStatus.Tentative,
            _ => Ical.Net.EventStatus.Confirmed,
        };
        calendar.Events.Add(Entry(e.Id, e.Title, e.Description, Place(e.Location, e.Venue), e.StartDate, e.EndDate, e.UpdatedAt, e.Timezone, status));
        foreach (var item in agenda)
        {
            var entry = Entry(item.Id, item.Title, item.Description, item.Location ?? Place(e.Location, e.Venue),
                item.StartTime, item.EndTime, item.UpdatedAt, e.Timezone, status);
            entry.Categories = [Data.Common.EnumNames.Of(item.ItemType)];
            calendar.Events.Add(entry);
        }
    }

    internal static byte[] Serialize(Calendar calendar) => Encoding.UTF8.GetBytes(new CalendarSerializer().SerializeToString(calendar) ?? "");

    private static CalendarEvent Entry(Guid id, string title, string? description, string? location,
        DateTime start, DateTime end, DateTime updatedAt, string timeZone, string status) => new()
        {
            Uid = $"{id}@{UidDomain}",
            Summary = title,
            Description = description,
            Location = location,
            DtStart = At(start, timeZone),
            DtEnd = At(end, timeZone),
            // Stamped with the row's last change, so the same data always serialises the same.
            DtStamp = new CalDateTime(updatedAt, "UTC"),
            LastModified = new CalDateTime(updatedAt, "UTC"),
            Status = status,
        };

    /// <summary>Local wall-clock time with a TZID, or UTC for events kept in UTC.</summary>
    private static CalDateTime At(DateTime instant, string timeZone)
    {
        if (timeZone == "UTC")
        {
            return new CalDateTime(instant, "UTC");
        }
        var local = TimeZoneInfo.ConvertTimeFromUtc(instant, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
        return new CalDateTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), timeZone);
    }

    private static string? Place(string? location, string? venue) =>
        (location, venue) switch
        {
            (null, null) => null,
            (null, _) => venue,
            (_, null) => location,
            _ => $"{venue}, {location}",
        };
}
