using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Auth;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Events.EventApi;

namespace Plugs.Api.Tests.Events;

/// <summary>
/// Check-in opens a configurable time before the event starts (a day by default) and closes when it
/// ends; time is moved with a fake clock, never waited for.
/// </summary>
public abstract class CheckInWindowTests(PlugsApiFactory api)
{
    /// <summary>
    /// A published event starting at <paramref name="start"/>, lasting 8 hours, with registered contacts.
    /// Times are whole seconds, so the clock can land exactly on them.
    /// </summary>
    private static async Task<(Guid Event, List<JsonObject> People)> EventAsync(HttpClient client, DateTimeOffset start, int people)
    {
        var created = await client.PostAsJsonAsync(EventsUrl, new
        {
            title = "Windowed",
            start_date = start.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            end_date = (start + TimeSpan.FromHours(8)).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync())["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"{EventUrl(id)}/publish", null)).StatusCode);
        var registered = new List<JsonObject>();
        for (var i = 0; i < people; i++)
        {
            var contact = await client.PostAsJsonAsync("/api/v1/contacts", new { first_name = "Guest", last_name = $"G{i}" });
            var response = await client.PostAsJsonAsync($"{EventUrl(id)}/attendees", new { contact_id = (await contact.JsonAsync())["id"] });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            registered.Add(await response.JsonAsync());
        }
        return (id, registered);
    }

    /// <summary>The host's time plus <paramref name="offset"/>, to the whole second.</summary>
    private static DateTimeOffset In(FakeClockHost host, TimeSpan offset)
    {
        var at = host.Clock.GetUtcNow() + offset;
        return new DateTimeOffset(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    private static void MoveTo(FakeClockHost host, DateTimeOffset instant) => host.Clock.Advance(instant - host.Clock.GetUtcNow());

    private static string CheckInUrl(Guid eventId, JsonNode attendee) => $"{EventUrl(eventId)}/attendees/{attendee["id"]}/check-in";

    [Fact]
    public async Task Check_in_opens_a_day_before_the_start_and_closes_at_the_end()
    {
        await using var host = new FakeClockHost(api);
        var account = await api.RegisterAsync();
        using var client = host.ClientOf(account);
        var start = In(host, TimeSpan.FromHours(48));
        var (id, people) = await EventAsync(client, start, 2);

        var early = await (await client.PostAsync(CheckInUrl(id, people[0]), null)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("check_in_not_open", early["code"]!.GetValue<string>());
        Assert.Equal((start - TimeSpan.FromHours(24)).UtcDateTime, early["opens_at"]!.GetValue<DateTime>().ToUniversalTime());
        Assert.Equal((start + TimeSpan.FromHours(8)).UtcDateTime, early["closes_at"]!.GetValue<DateTime>().ToUniversalTime());
        MoveTo(host, start - TimeSpan.FromHours(24) - TimeSpan.FromMilliseconds(1));
        await (await client.PostAsync(CheckInUrl(id, people[0]), null)).AssertCodeAsync(HttpStatusCode.Conflict, "check_in_not_open");
        MoveTo(host, start - TimeSpan.FromHours(24));
        var attended = await (await client.PostAsync(CheckInUrl(id, people[0]), null)).JsonAsync();
        Assert.Equal("attended", attended.Text("status"));
        Assert.Equal((start - TimeSpan.FromHours(24)).UtcDateTime, attended["checked_in_at"]!.GetValue<DateTime>().ToUniversalTime());

        // Open through the event, closed at its very end.
        MoveTo(host, start + TimeSpan.FromHours(8));
        var closed = await (await client.PostAsync(CheckInUrl(id, people[1]), null)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("check_in_closed", closed["code"]!.GetValue<string>());
        Assert.Equal((start + TimeSpan.FromHours(8)).UtcDateTime, closed["closes_at"]!.GetValue<DateTime>().ToUniversalTime());
        var attendee = await (await client.GetAsync($"{EventUrl(id)}/attendees/{people[1]["id"]}")).JsonAsync();
        Assert.Equal("registered", attendee.Text("status"));
        Assert.Empty(await (await client.GetAsync($"/api/v1/contacts/{people[1]["contact_id"]}/interactions")).JsonArrayAsync());
    }

    [Fact]
    public async Task The_opening_is_configurable()
    {
        await using var host = new FakeClockHost(api, new Dictionary<string, string?> { ["Events:CheckInOpensMinutesBeforeStart"] = "120" });
        var account = await api.RegisterAsync();
        using var client = host.ClientOf(account);
        var start = In(host, TimeSpan.FromHours(3));
        var (id, people) = await EventAsync(client, start, 2);
        await (await client.PostAsync(CheckInUrl(id, people[0]), null)).AssertCodeAsync(HttpStatusCode.Conflict, "check_in_not_open");
        MoveTo(host, start - TimeSpan.FromHours(2) - TimeSpan.FromMilliseconds(1));
        await (await client.PostAsync(CheckInUrl(id, people[0]), null)).AssertCodeAsync(HttpStatusCode.Conflict, "check_in_not_open");
        MoveTo(host, start - TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(CheckInUrl(id, people[0]), null)).StatusCode);
        // Just before the end is still in time.
        MoveTo(host, start + TimeSpan.FromHours(8) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(CheckInUrl(id, people[1]), null)).StatusCode);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("43201")]
    [InlineData("soon")]
    public void A_bad_opening_setting_stops_the_host_from_starting(string value)
    {
        var failure = Record.Exception(() => new FakeClockHost(api, new Dictionary<string, string?> { ["Events:CheckInOpensMinutesBeforeStart"] = value }));
        Assert.NotNull(failure);
    }

    [Fact]
    public async Task Simultaneous_check_ins_of_one_person_record_one_attendance()
    {
        await using var host = new FakeClockHost(api);
        var account = await api.RegisterAsync();
        using var setup = host.ClientOf(account);
        var clients = Enumerable.Range(0, 4).Select(_ => host.ClientOf(account)).ToList();
        for (var round = 0; round < 3; round++)
        {
            var (id, people) = await EventAsync(setup, In(host, TimeSpan.FromHours(1)), 1);
            var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => clients[i % clients.Count].PostAsync(CheckInUrl(id, people[0]), null)));
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            {
                var code = (await refused.ProblemAsync(HttpStatusCode.Conflict))["code"]!.GetValue<string>();
                Assert.True(code is "already_checked_in" or "concurrent_update", code);
            }
            Assert.Single(await (await setup.GetAsync($"/api/v1/contacts/{people[0]["contact_id"]}/interactions")).JsonArrayAsync());
        }
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}

public sealed class CheckInWindowTestsOnSqlite(SqliteApiFactory api) : CheckInWindowTests(api), IClassFixture<SqliteApiFactory>;

public sealed class CheckInWindowTestsOnPostgres(PostgresApiFactory api) : CheckInWindowTests(api), IClassFixture<PostgresApiFactory>;
