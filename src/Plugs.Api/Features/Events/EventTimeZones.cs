using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using NodaTime;
using NodaTime.TimeZones;
using Duration = NodaTime.Duration;

namespace Plugs.Api.Features.Events;

/// <summary>
/// The time zones an event may name and the one source every reader of them uses: the IANA
/// database NodaTime carries (the calendar writer's), so a zone the API accepts always renders.
/// Only canonical names are accepted (<c>Europe/Paris</c>, <c>America/New_York</c>, and <c>UTC</c>):
/// not links such as <c>US/Eastern</c>, nor the files a system's zoneinfo folder also holds
/// (<c>Factory</c>, <c>posixrules</c>, <c>localtime</c>). A stored name the database does not know
/// (accepted before this rule) reads as UTC instead of failing.
/// </summary>
internal static class EventTimeZones
{
    public const string Utc = "UTC";
    public const int MaxLength = 50;

    private static readonly TzdbDateTimeZoneSource Source = TzdbDateTimeZoneSource.Default;
    private static readonly IDateTimeZoneProvider Zones = DateTimeZoneProviders.Tzdb;

    public static bool IsAccepted(string? id) =>
        id == Utc || (id is { Length: > 0 and <= MaxLength } && Source.CanonicalIdMap.TryGetValue(id, out var canonical) && canonical == id);

    /// <summary>The canonical name of a link (<c>US/Eastern</c> → <c>America/New_York</c>), for the refusal's message.</summary>
    public static string? CanonicalOf(string? id) =>
        id is not null && Source.CanonicalIdMap.TryGetValue(id, out var canonical) && canonical != id ? canonical : null;

    /// <summary>The zone a stored name stands for; null for UTC and for names the database does not know.</summary>
    public static DateTimeZone? Find(string id) => id == Utc ? null : Zones.GetZoneOrNull(id);

    /// <summary>The wall-clock time of a UTC instant in a zone.</summary>
    public static DateTime ToLocal(DateTime utc, DateTimeZone zone) =>
        Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(zone).LocalDateTime.ToDateTimeUnspecified();

    /// <summary>
    /// A complete RFC 5545 VTIMEZONE for the instants <paramref name="from"/>–<paramref name="to"/>
    /// (UTC): one STANDARD or DAYLIGHT observance per offset period of the zone that overlaps them,
    /// each with its onset (local time in the offset before it), TZOFFSETFROM, TZOFFSETTO and
    /// TZNAME, so a reader needs no time-zone database of its own to place the events.
    /// </summary>
    public static VTimeZone Definition(DateTimeZone zone, DateTime from, DateTime to)
    {
        var definition = new VTimeZone(zone.Id);
        var start = Instant.FromDateTimeUtc(DateTime.SpecifyKind(from, DateTimeKind.Utc)) - Duration.FromDays(1);
        var end = Instant.FromDateTimeUtc(DateTime.SpecifyKind(to, DateTimeKind.Utc)) + Duration.FromDays(1);
        foreach (var period in zone.GetZoneIntervals(start, end))
        {
            var before = period.HasStart ? zone.GetZoneInterval(period.Start - Duration.Epsilon).WallOffset : period.WallOffset;
            // A zone with no transition at all (Etc/GMT+5) gets one observance since 1970.
            var onset = period.HasStart ? period.Start : Instant.FromUtc(1970, 1, 1, 0, 0);
            definition.AddChild(new VTimeZoneInfo
            {
                Name = period.Savings == Offset.Zero ? Components.Standard : Components.Daylight,
                DtStart = new CalDateTime(onset.WithOffset(before).LocalDateTime.ToDateTimeUnspecified()),
                OffsetFrom = new UtcOffset(before.ToTimeSpan()),
                OffsetTo = new UtcOffset(period.WallOffset.ToTimeSpan()),
                TimeZoneName = period.Name,
            });
        }
        return definition;
    }
}
