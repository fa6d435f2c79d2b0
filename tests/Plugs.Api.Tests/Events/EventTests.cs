using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Events.EventApi;

namespace Plugs.Api.Tests.Events;

/// <summary>Events: CRUD, list filters, ETags, lifecycle, bad input and tenancy.</summary>
public abstract class EventTests(PlugsApiFactory api)
{
    [Fact]
    public async Task Create_returns_201_with_the_guides_defaults_and_money_with_two_decimals()
    {
        var account = await api.RegisterAsync();
        var response = await account.Client.PostAsJsonAsync(EventsUrl, new
        {
            title = "Launch",
            start_date = "2030-03-01T09:00:00+01:00",
            end_date = "2030-03-01T17:00:00+01:00",
            budget = 1234.5m,
            currency = "EUR",
            timezone = "Europe/Paris",
            venue_details = new { room = "A" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var e = await response.JsonAsync();
        Assert.Equal($"/api/v1/events/{e["id"]}", response.Headers.Location!.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("draft", e.Text("status"));
        Assert.Equal("networking", e.Text("event_type"));
        Assert.Equal("Europe/Paris", e.Text("timezone"));
        Assert.Equal("1234.50", e["budget"]!.ToJsonString());
        Assert.Equal(0, e["current_attendees"]!.GetValue<int>());
        Assert.Null(e["max_attendees"]);
        Assert.Equal("A", e["venue_details"]!["room"]!.GetValue<string>());
        Assert.Equal(DateTimeOffset.Parse("2030-03-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), e["start_date"]!.GetValue<DateTimeOffset>());
        Assert.Equal(account.UserId, e["created_by"]!.GetValue<Guid>());

        var defaults = await account.CreateEventAsync();
        Assert.Equal("UTC", defaults.Text("timezone"));
        Assert.Equal("USD", defaults.Text("currency"));
        Assert.Equal("0.00", defaults["budget"]!.ToJsonString());
    }

    [Fact]
    public async Task Get_has_the_agenda_and_attendee_counts_by_status()
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync(maxAttendees: 1);
        await account.RegisterAsync(id, new { user_id = account.UserId });
        await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync() });
        var agenda = await account.Client.PostAsJsonAsync($"{EventUrl(id)}/agenda", new { title = "Keynote", start_time = "2030-06-01T09:00:00Z", end_time = "2030-06-01T10:00:00Z" });
        Assert.Equal(HttpStatusCode.Created, agenda.StatusCode);

        var e = await account.GetEventAsync(id);
        Assert.Equal(1, e["attendee_counts"]!["registered"]!.GetValue<int>());
        Assert.Equal(1, e["attendee_counts"]!["waitlisted"]!.GetValue<int>());
        Assert.Equal(0, e["attendee_counts"]!["no_show"]!.GetValue<int>());
        Assert.Equal(1, e["current_attendees"]!.GetValue<int>());
        Assert.Equal("Keynote", Assert.Single(e["agenda"]!.AsArray())!.Text("title"));
    }

    [Fact]
    public async Task List_filters_by_type_status_window_upcoming_and_q_and_sorts_and_pages()
    {
        var account = await api.RegisterAsync();
        await account.CreateEventAsync(new { title = "Past meetup", event_type = "meeting", start_date = "2020-01-01T10:00:00Z", end_date = "2020-01-01T12:00:00Z" });
        var conf = await account.CreateEventIdAsync(new { title = "Big Conf", event_type = "conference", start_date = "2031-05-01T09:00:00Z", end_date = "2031-05-03T18:00:00Z", venue = "Expo Hall" });
        await account.CreateEventAsync(new { title = "Workshop", event_type = "workshop", start_date = "2031-01-10T09:00:00Z", end_date = "2031-01-10T12:00:00Z" });
        await account.OkAsync(await account.Client.PostAsync($"{EventUrl(conf)}/publish", null));

        async Task<List<string>> Titles(string query)
        {
            var response = await account.Client.GetAsync($"{EventsUrl}{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.JsonArrayAsync()).Select(e => e!.Text("title")).ToList();
        }

        Assert.Equal(["Past meetup", "Workshop", "Big Conf"], await Titles(""));
        Assert.Equal(["Big Conf", "Workshop", "Past meetup"], await Titles("?sort=-start_date"));
        Assert.Equal(["Big Conf"], await Titles("?event_type=conference"));
        Assert.Equal(["Big Conf"], await Titles("?status=published"));
        Assert.Equal(["Workshop", "Big Conf"], await Titles("?upcoming=true"));
        Assert.Equal(["Past meetup"], await Titles("?upcoming=false"));
        // Events overlapping [May 2, Jun 1): the conference runs May 1-3.
        Assert.Equal(["Big Conf"], await Titles("?end_date_after=2031-05-02T00:00:00Z&start_date_before=2031-06-01T00:00:00Z"));
        Assert.Equal(["Workshop", "Big Conf"], await Titles("?start_date_after=2031-01-10T09:00:00Z"));
        Assert.Equal(["Past meetup"], await Titles("?start_date_before=2031-01-10T09:00:00Z"));
        Assert.Equal(["Past meetup", "Workshop"], await Titles("?end_date_before=2031-05-03T18:00:00Z"));
        Assert.Equal(["Workshop"], await Titles("?end_date_after=2031-01-10T12:00:00Z&end_date_before=2031-05-03T18:00:00Z"));
        Assert.Equal(["Big Conf"], await Titles("?q=expo"));
        Assert.Equal(["Big Conf", "Past meetup", "Workshop"], await Titles("?sort=title"));

        var page = await account.Client.GetAsync($"{EventsUrl}?limit=2&skip=1");
        Assert.Equal("3", page.Headers.GetValues("X-Total-Count").Single());
        Assert.Contains("rel=\"prev\"", page.Headers.GetValues("Link").Single(), StringComparison.Ordinal);

        foreach (var bad in new[] { "?status=maybe", "?event_type=party", "?sort=budget", "?limit=0", "?upcoming=soon", "?start_date_after=tomorrow" })
        {
            await (await account.Client.GetAsync($"{EventsUrl}{bad}")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        }
        var empty = await (await account.Client.GetAsync($"{EventsUrl}?start_date_after=2031-01-01T00:00:00Z&start_date_before=2031-01-01T00:00:00Z")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(empty["errors"]!["start_date_before"]);
        // The window's old spelling is not silently ignored (it would answer every event).
        var old = await (await account.Client.GetAsync($"{EventsUrl}?from=2031-05-02T00:00:00Z")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("end_date_after", old["errors"]!["from"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_updates_fields_honours_if_match_and_keeps_end_after_start()
    {
        var account = await api.RegisterAsync();
        var created = await account.Client.PostAsJsonAsync(EventsUrl, new { title = "Draft", start_date = "2030-06-01T09:00:00Z", end_date = "2030-06-01T18:00:00Z" });
        var id = (await created.JsonAsync())["id"]!.GetValue<Guid>();
        var etag = created.Headers.ETag!.Tag;
        Assert.Equal(etag, (await account.Client.GetAsync(EventUrl(id))).Headers.ETag!.Tag);

        var patch = new HttpRequestMessage(HttpMethod.Patch, EventUrl(id)) { Content = Accounts.Json("""{"title":"Final","budget":10,"max_attendees":50,"description":null}""") };
        patch.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        var updated = await account.OkAsync(await account.Client.SendAsync(patch));
        Assert.Equal("Final", updated.Text("title"));
        Assert.Equal("10.00", updated["budget"]!.ToJsonString());
        Assert.Equal(50, updated["max_attendees"]!.GetValue<int>());

        var stale = new HttpRequestMessage(HttpMethod.Patch, EventUrl(id)) { Content = Accounts.Json("""{"title":"Stale"}""") };
        stale.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(etag));
        await (await account.Client.SendAsync(stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);

        var backwards = await account.Client.PatchAsync(EventUrl(id), Accounts.Json("""{"end_date":"2030-06-01T08:00:00Z"}"""));
        Assert.NotNull((await backwards.ProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!["end_date"]);
        Assert.Equal("Final", (await account.GetEventAsync(id)).Text("title"));
    }

    [Fact]
    public async Task Delete_hides_the_event_and_restore_brings_it_back()
    {
        var account = await api.RegisterAsync();
        var id = await account.CreateEventIdAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync(EventUrl(id))).StatusCode);
        await (await account.Client.GetAsync(EventUrl(id))).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await (await account.Client.GetAsync(EventsUrl)).JsonArrayAsync());
        await (await account.Client.PostAsJsonAsync($"{EventUrl(id)}/attendees", new { user_id = account.UserId })).ProblemAsync(HttpStatusCode.NotFound);

        await account.OkAsync(await account.Client.PostAsync($"{EventUrl(id)}/restore", null));
        await account.GetEventAsync(id);
        await (await account.Client.PostAsync($"{EventUrl(id)}/restore", null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_lifecycle_moves_forward_and_refuses_invalid_transitions_with_a_reason()
    {
        var account = await api.RegisterAsync();
        var id = await account.CreateEventIdAsync();
        async Task<string> Move(string action) =>
            (await account.OkAsync(await account.Client.PostAsync($"{EventUrl(id)}/{action}", null))).Text("status");

        var early = await account.Client.PostAsync($"{EventUrl(id)}/complete", null);
        var problem = await early.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("invalid_transition", problem.Text("code"));
        Assert.Equal("draft", problem.Text("from"));
        Assert.Equal("completed", problem.Text("to"));
        Assert.Equal(["cancelled", "published"], problem["allowed"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
        Assert.Contains("draft", problem.Text("detail"), StringComparison.Ordinal);

        Assert.Equal("published", await Move("publish"));
        await (await account.Client.PostAsync($"{EventUrl(id)}/publish", null)).AssertCodeAsync(HttpStatusCode.Conflict, "invalid_transition");
        Assert.Equal("ongoing", await Move("start"));
        Assert.Equal("completed", await Move("complete"));
        await (await account.Client.PostAsync($"{EventUrl(id)}/cancel", null)).AssertCodeAsync(HttpStatusCode.Conflict, "invalid_transition");

        var other = await account.CreateEventIdAsync();
        Assert.Equal("cancelled", (await account.OkAsync(await account.Client.PostAsync($"{EventUrl(other)}/cancel", null))).Text("status"));
        await (await account.Client.PostAsync($"{EventUrl(other)}/publish", null)).AssertCodeAsync(HttpStatusCode.Conflict, "invalid_transition");
        // Status is not a PATCH field: the lifecycle endpoints are the only way.
        await (await account.Client.PatchAsync(EventUrl(other), Accounts.Json("""{"status":"draft"}"""))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData("""{"start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "title")]
    [InlineData("""{"title":"   ","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "title")]
    [InlineData("""{"title":"T","end_date":"2030-01-02T00:00:00Z"}""", "start_date")]
    [InlineData("""{"title":"T","start_date":"2030-01-02T00:00:00Z","end_date":"2030-01-01T00:00:00Z"}""", "end_date")]
    [InlineData("""{"title":"T","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-01T00:00:00Z"}""", "end_date")]
    [InlineData("""{"title":"T","start_date":"soon","end_date":"2030-01-02T00:00:00Z"}""", "start_date")]
    [InlineData("""{"title":42,"start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "title")]
    [InlineData("""{"title":"T","event_type":"party","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "event_type")]
    [InlineData("""{"title":"T","budget":-1,"start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "budget")]
    [InlineData("""{"title":"T","budget":1.005,"start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "budget")]
    [InlineData("""{"title":"T","budget":100000000000,"start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "budget")]
    [InlineData("""{"title":"T","budget":"12.50","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "budget")]
    [InlineData("""{"title":"T","currency":"eur","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "currency")]
    [InlineData("""{"title":"T","currency":"EURO","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "currency")]
    [InlineData("""{"title":"T","timezone":"Mars/Olympus","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "timezone")]
    [InlineData("""{"title":"T","timezone":"W. Europe Standard Time","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "timezone")]
    [InlineData("""{"title":"T","timezone":"Factory","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "timezone")]
    [InlineData("""{"title":"T","timezone":"posixrules","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "timezone")]
    [InlineData("""{"title":"T","timezone":"localtime","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "timezone")]
    [InlineData("""{"title":"T","timezone":"US/Eastern","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "timezone")]
    [InlineData("""{"title":"T","timezone":"Europe/paris","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "timezone")]
    [InlineData("""{"title":"T","max_attendees":99999999999,"start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "max_attendees")]
    [InlineData("""{"title":"T","max_attendees":1.5,"start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "max_attendees")]
    [InlineData("""{"title":"T","start_date":"0001-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "start_date")]
    [InlineData("""{"title":"T","start_date":"2030-01-01T00:00:00Z","end_date":"9999-12-31T23:59:59Z"}""", "end_date")]
    [InlineData("""{"title":"T","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z","venue_details":"room"}""", "venue_details")]
    [InlineData("""{"title":"T","max_attendees":0,"start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "max_attendees")]
    [InlineData("""{"title":"T","registration_url":"ftp://x","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "registration_url")]
    [InlineData("""{"title":"T","metadata":[1],"start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "metadata")]
    [InlineData("""{"title":"T","status":"published","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "status")]
    [InlineData("""{"title":"T","organization_id":"00000000-0000-0000-0000-000000000001","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "organization_id")]
    [InlineData("""{"title":"T","current_attendees":5,"start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "current_attendees")]
    [InlineData("""{"title":"T","created_by":"00000000-0000-0000-0000-000000000001","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "created_by")]
    [InlineData("""{"title":"T","id":"00000000-0000-0000-0000-000000000001","start_date":"2030-01-01T00:00:00Z","end_date":"2030-01-02T00:00:00Z"}""", "id")]
    public async Task Bad_events_are_422_naming_the_field_and_create_nothing(string json, string field)
    {
        var account = await api.RegisterAsync();
        var problem = await (await account.Client.PostAsync(EventsUrl, Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem["errors"]?[field] is not null, problem.ToJsonString());
        Assert.Empty(await (await account.Client.GetAsync(EventsUrl)).JsonArrayAsync());
    }

    [Fact]
    public async Task Oversize_fields_and_bad_patches_are_422_and_change_nothing()
    {
        var account = await api.RegisterAsync();
        var id = await account.CreateEventIdAsync();
        var before = await account.GetEventAsync(id);
        foreach (var json in new[]
        {
            $$"""{"title":"{{new string('t', 256)}}"}""",
            $$"""{"location":"{{new string('l', 256)}}"}""",
            $$"""{"description":"{{new string('d', 50_001)}}"}""",
            """{"title":null}""", """{"start_date":null}""", """{"budget":-0.01}""", """{"currency":null}""",
            """{"timezone":"Nowhere/Land"}""", """{"current_attendees":3}""", """{"organization_id":"00000000-0000-0000-0000-000000000001"}""",
            """{"max_attendees":"ten"}""", """{"start_date":"2030-06-01T19:00:00Z"}""",
        })
        {
            await (await account.Client.PatchAsync(EventUrl(id), Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        }
        await (await account.Client.PatchAsync(EventUrl(id), Accounts.Json("{"))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(before.ToJsonString(), (await account.GetEventAsync(id)).ToJsonString());
    }

    [Fact]
    public async Task Another_organizations_event_is_404_and_unchanged()
    {
        var mine = await api.RegisterAsync();
        var theirs = await api.RegisterAsync();
        var id = await theirs.CreateEventIdAsync();
        var before = await theirs.GetEventAsync(id);

        await (await mine.Client.GetAsync(EventUrl(id))).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PatchAsync(EventUrl(id), Accounts.Json("""{"title":"Hacked"}"""))).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.DeleteAsync(EventUrl(id))).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PostAsync($"{EventUrl(id)}/restore", null)).ProblemAsync(HttpStatusCode.NotFound);
        foreach (var action in new[] { "publish", "start", "complete", "cancel" })
        {
            await (await mine.Client.PostAsync($"{EventUrl(id)}/{action}", null)).ProblemAsync(HttpStatusCode.NotFound);
        }
        await (await mine.Client.GetAsync($"{EventUrl(id)}/attendees")).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.GetAsync($"{EventUrl(id)}/agenda")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await (await mine.Client.GetAsync(EventsUrl)).JsonArrayAsync());

        Assert.Equal(before.ToJsonString(), (await theirs.GetEventAsync(id)).ToJsonString());
    }

    [Fact]
    public async Task Without_a_token_events_are_401()
    {
        var account = await api.RegisterAsync();
        var id = await account.CreateEventIdAsync();
        using var anonymous = api.CreateAnonymousClient();
        await (await anonymous.GetAsync(EventsUrl)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync(EventsUrl, new { title = "T" })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync(EventUrl(id))).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync($"{EventUrl(id)}/publish", null)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync($"{EventUrl(id)}/attendees", new { user_id = account.UserId })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"{EventUrl(id)}/agenda")).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("draft", (await account.GetEventAsync(id)).Text("status"));
    }
}

public sealed class EventTestsOnSqlite(SqliteApiFactory api) : EventTests(api), IClassFixture<SqliteApiFactory>;

public sealed class EventTestsOnPostgres(PostgresApiFactory api) : EventTests(api), IClassFixture<PostgresApiFactory>;
