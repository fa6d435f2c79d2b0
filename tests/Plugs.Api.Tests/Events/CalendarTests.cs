using System.Globalization;
using Calendar = Ical.Net.Calendar;
using System.Net;
using System.Net.Http.Json;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Data;
using static Plugs.Api.Tests.Events.EventApi;

namespace Plugs.Api.Tests.Events;

/// <summary>The event's .ics, read back with a real iCalendar parser.</summary>
public abstract class CalendarTests(PlugsApiFactory api)
{
    private static async Task<(Calendar Calendar, string Text)> CalendarAsync(Account account, Guid id)
    {
        var response = await account.Client.GetAsync($"{EventUrl(id)}/calendar.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        return (Calendar.Load(text)!, text);
    }

    [Fact]
    public async Task The_event_and_its_agenda_are_vevents_in_the_events_time_zone_with_stable_uids()
    {
        var account = await api.RegisterAsync();
        var id = await account.CreateEventIdAsync(new
        {
            title = "Paris Summit",
            start_date = "2030-06-01T07:00:00Z",
            end_date = "2030-06-01T16:00:00Z",
            timezone = "Europe/Paris",
            venue = "Grand Palais",
            location = "Paris",
        });
        var talk = await account.Client.PostAsJsonAsync($"{EventUrl(id)}/agenda", new { title = "Opening", item_type = "keynote", start_time = "2030-06-01T07:00:00Z", end_time = "2030-06-01T08:00:00Z" });
        Assert.Equal(HttpStatusCode.Created, talk.StatusCode);
        var talkId = (await talk.JsonAsync())["id"]!.GetValue<Guid>();

        var (calendar, text) = await CalendarAsync(account, id);
        Assert.Equal(2, calendar.Events.Count);
        var main = calendar.Events.Single(e => e.Uid == $"{id}@theplugs");
        Assert.Equal("Paris Summit", main.Summary);
        Assert.Equal("Grand Palais, Paris", main.Location);
        Assert.Equal("Europe/Paris", main.DtStart!.TzId);
        Assert.Equal(9, main.DtStart.Value.Hour); // 07:00 UTC is 09:00 in Paris in June
        Assert.Equal(new DateTime(2030, 6, 1, 7, 0, 0, DateTimeKind.Utc), main.DtStart.AsUtc);
        Assert.Equal(new DateTime(2030, 6, 1, 16, 0, 0, DateTimeKind.Utc), main.DtEnd!.AsUtc);
        Assert.Contains("BEGIN:VTIMEZONE", text, StringComparison.Ordinal);
        Assert.Equal("TENTATIVE", main.Status);
        var item = calendar.Events.Single(e => e.Uid == $"{talkId}@theplugs");
        Assert.Equal("Opening", item.Summary);
        Assert.Equal(new DateTime(2030, 6, 1, 8, 0, 0, DateTimeKind.Utc), item.DtEnd!.AsUtc);

        // Same data, same bytes; a change keeps the UIDs so calendar clients update in place.
        Assert.Equal(text, (await CalendarAsync(account, id)).Text);
        await account.OkAsync(await account.Client.PatchAsync(EventUrl(id), Accounts.Json("""{"title":"Paris Summit 2030"}""")));
        await account.OkAsync(await account.Client.PostAsync($"{EventUrl(id)}/publish", null));
        var (updated, _) = await CalendarAsync(account, id);
        var again = updated.Events.Single(e => e.Uid == $"{id}@theplugs");
        Assert.Equal("Paris Summit 2030", again.Summary);
        Assert.Equal("CONFIRMED", again.Status);
    }

    [Fact]
    public async Task A_utc_event_is_written_in_utc_and_others_cannot_read_it()
    {
        var account = await api.RegisterAsync();
        var id = await account.CreateEventIdAsync();
        var (calendar, _) = await CalendarAsync(account, id);
        var only = Assert.Single(calendar.Events);
        Assert.True(only.DtStart!.IsUtc);
        Assert.Equal(new DateTime(2030, 6, 1, 9, 0, 0, DateTimeKind.Utc), only.DtStart.AsUtc);

        var other = await api.RegisterAsync();
        await (await other.Client.GetAsync($"{EventUrl(id)}/calendar.ics")).ProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = api.CreateAnonymousClient();
        await (await anonymous.GetAsync($"{EventUrl(id)}/calendar.ics")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    /// <summary>
    /// Every VTIMEZONE is complete (RFC 5545 §3.6.5): reading only the file — its observances'
    /// onsets and offsets, no time-zone database — places each event at the instant stored, and
    /// the offset it finds is the one this machine's zoneinfo gives for that instant. Zones with
    /// summer time on either hemisphere, a half-hour shift, rules that changed (Moscow 2010) and
    /// none at all; an event spanning a change of offset.
    /// </summary>
    [Theory]
    [InlineData("Europe/Paris", "2030-03-30T20:00:00Z", "2030-03-31T10:00:00Z")]
    [InlineData("America/New_York", "2031-11-01T12:00:00Z", "2031-11-03T12:00:00Z")]
    [InlineData("Australia/Lord_Howe", "2030-04-06T10:00:00Z", "2030-04-07T10:00:00Z")]
    [InlineData("Europe/Moscow", "2010-03-27T12:00:00Z", "2010-03-29T12:00:00Z")]
    [InlineData("Asia/Kolkata", "2030-06-01T04:00:00Z", "2030-06-01T12:00:00Z")]
    [InlineData("Etc/GMT+5", "2030-06-01T04:00:00Z", "2030-06-01T12:00:00Z")]
    public async Task The_time_zone_definition_alone_places_every_entry_at_its_instant(string zone, string start, string end)
    {
        var account = await api.RegisterAsync();
        var id = await account.CreateEventIdAsync(new { title = "Across a change", start_date = start, end_date = end, timezone = zone });
        var (calendar, text) = await CalendarAsync(account, id);

        var observances = Observances(text, zone);
        Assert.NotEmpty(observances);
        var entry = Assert.Single(calendar.Events);
        var system = TimeZoneInfo.FindSystemTimeZoneById(zone);
        foreach (var (local, utc) in new[] { (entry.DtStart!, Instant(start)), (entry.DtEnd!, Instant(end)) })
        {
            Assert.Equal(zone, local.TzId);
            // The observance in force is the last whose onset (local time before it) is not after the wall time.
            var begun = observances.Where(o => o.Onset <= local.Value).ToList();
            Assert.NotEmpty(begun);
            var inForce = begun.MaxBy(o => o.Onset);
            Assert.Equal(system.GetUtcOffset(utc), inForce.To);
            Assert.Equal(utc, DateTime.SpecifyKind(local.Value - inForce.To, DateTimeKind.Utc));
        }
    }

    [Fact]
    public async Task A_zone_accepted_before_the_rule_still_renders_in_utc()
    {
        var account = await api.RegisterAsync();
        var id = await account.CreateEventIdAsync(new { title = "Legacy zone", start_date = "2030-06-01T09:00:00Z", end_date = "2030-06-01T10:00:00Z" });
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlugsDbContext>();
            db.Tenant.Enter(account.OrganizationId);
            Assert.Equal(1, await db.Events.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Timezone, "Factory")));
        }
        var (calendar, text) = await CalendarAsync(account, id);
        Assert.True(Assert.Single(calendar.Events).DtStart!.IsUtc);
        Assert.DoesNotContain("VTIMEZONE", text, StringComparison.Ordinal);
        Assert.Equal("Factory", (await account.OkAsync(await account.Client.GetAsync(EventUrl(id)))).Text("timezone"));
    }

    private static DateTime Instant(string value) =>
        DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    /// <summary>The observances of one VTIMEZONE as written: onset (floating local time) and TZOFFSETTO.</summary>
    private static List<(DateTime Onset, TimeSpan To)> Observances(string text, string zone)
    {
        var lines = text.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        var begin = Array.IndexOf(lines, $"TZID:{zone}");
        Assert.True(begin > 0, $"no VTIMEZONE for {zone}");
        var result = new List<(DateTime, TimeSpan)>();
        DateTime? onset = null;
        TimeSpan? to = null;
        foreach (var line in lines.Skip(begin).TakeWhile(l => l != "END:VTIMEZONE"))
        {
            // Each observance has one onset: a recurrence rule would need reading the rule.
            Assert.False(line.StartsWith("RRULE", StringComparison.Ordinal) || line.StartsWith("RDATE", StringComparison.Ordinal), line);
            if (line.StartsWith("DTSTART:", StringComparison.Ordinal))
            {
                onset = DateTime.ParseExact(line["DTSTART:".Length..], "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("TZOFFSETTO:", StringComparison.Ordinal))
            {
                var v = line["TZOFFSETTO:".Length..];
                var offset = new TimeSpan(int.Parse(v[1..3], CultureInfo.InvariantCulture), int.Parse(v[3..5], CultureInfo.InvariantCulture), 0);
                to = v[0] == '-' ? -offset : offset;
            }
            else if (line is "END:STANDARD" or "END:DAYLIGHT")
            {
                result.Add((onset ?? throw new InvalidOperationException("observance without DTSTART"), to ?? throw new InvalidOperationException("observance without TZOFFSETTO")));
                (onset, to) = (null, null);
            }
        }
        return result;
    }
}

public sealed class CalendarTestsOnSqlite(SqliteApiFactory api) : CalendarTests(api), IClassFixture<SqliteApiFactory>;

public sealed class CalendarTestsOnPostgres(PostgresApiFactory api) : CalendarTests(api), IClassFixture<PostgresApiFactory>;
