using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;
using Plugs.Data.Events;
using EventStatus = Plugs.Data.Events.EventStatus;

namespace Plugs.Api.Features.Events;

/// <summary>
/// <c>GET /events/{id}/calendar.ics</c>: the event and its agenda items as RFC 5545 VEVENTs, in
/// the event's own time zone (with a complete VTIMEZONE) and with UIDs derived from the row ids, so a
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

    /// <summary>Adds an event and its agenda items, in the event's time zone (<see cref="Serialize"/> adds its VTIMEZONE).</summary>
    internal static void Add(Calendar calendar, Event e, IEnumerable<EventAgendaItem> agenda)
    {
        var zone = EventTimeZones.Find(e.Timezone);
        var status = e.Status switch
        {
            EventStatus.Cancelled => Ical.Net.EventStatus.Cancelled,
            EventStatus.Draft => Ical.Net.EventStatus.Tentative,
            _ => Ical.Net.EventStatus.Confirmed,
        };
        calendar.Events.Add(Entry(e.Id, e.Title, e.Description, Place(e.Location, e.Venue), e.StartDate, e.EndDate, e.UpdatedAt, zone, status));
        foreach (var item in agenda)
        {
            var entry = Entry(item.Id, item.Title, item.Description, item.Location ?? Place(e.Location, e.Venue),
                item.StartTime, item.EndTime, item.UpdatedAt, zone, status);
            entry.Categories = [Data.Common.EnumNames.Of(item.ItemType)];
            calendar.Events.Add(entry);
        }
    }

    /// <summary>
    /// Writes the calendar with one complete VTIMEZONE per zone its entries use, covering the
    /// periods from the zone's earliest start to its latest end (RFC 5545 §3.6.5).
    /// </summary>
    internal static byte[] Serialize(Calendar calendar)
    {
        foreach (var entries in calendar.Events.Where(x => x.DtStart?.TzId is { } id && id != EventTimeZones.Utc).GroupBy(x => x.DtStart!.TzId!))
        {
            var zone = EventTimeZones.Find(entries.Key)!;
            calendar.AddTimeZone(EventTimeZones.Definition(zone, entries.Min(x => x.DtStart!.AsUtc), entries.Max(x => x.DtEnd!.AsUtc)));
        }
        return Encoding.UTF8.GetBytes(new CalendarSerializer().SerializeToString(calendar) ?? "");
    }

    private static CalendarEvent Entry(Guid id, string title, string? description, string? location,
        DateTime start, DateTime end, DateTime updatedAt, DateTimeZone? zone, string status) => new()
        {
            Uid = $"{id}@{UidDomain}",
            Summary = title,
            Description = description,
            Location = location,
            DtStart = At(start, zone),
            DtEnd = At(end, zone),
            // Stamped with the row's last change, so the same data always serialises the same.
            DtStamp = new CalDateTime(updatedAt, "UTC"),
            LastModified = new CalDateTime(updatedAt, "UTC"),
            Status = status,
        };

    /// <summary>Local wall-clock time with a TZID, or UTC for events kept in UTC (or in a zone the database does not know).</summary>
    private static CalDateTime At(DateTime instant, DateTimeZone? zone) =>
        zone is null ? new CalDateTime(instant, EventTimeZones.Utc) : new CalDateTime(EventTimeZones.ToLocal(instant, zone), zone.Id);

    private static string? Place(string? location, string? venue) =>
        (location, venue) switch
        {
            (null, null) => null,
            (null, _) => venue,
            (_, null) => location,
            _ => $"{venue}, {location}",
        };
}
