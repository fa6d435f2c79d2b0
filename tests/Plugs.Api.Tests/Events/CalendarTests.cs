using System.Net;
using System.Net.Http.Json;
using Ical.Net;
using Plugs.Api.Tests.Infrastructure;
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
}

public sealed class CalendarTestsOnSqlite(SqliteApiFactory api) : CalendarTests(api), IClassFixture<SqliteApiFactory>;

public sealed class CalendarTestsOnPostgres(PostgresApiFactory api) : CalendarTests(api), IClassFixture<PostgresApiFactory>;
