using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Events.EventApi;

namespace Plugs.Api.Tests.Events;

/// <summary>Agenda items: inside the event, start before end, no double-booked speakers, tenancy.</summary>
public abstract class AgendaTests(PlugsApiFactory api)
{
    private static string AgendaUrl(Guid eventId) => $"{EventUrl(eventId)}/agenda";

    private static async Task<JsonObject> AddAsync(Account account, Guid eventId, object body)
    {
        var response = await account.Client.PostAsJsonAsync(AgendaUrl(eventId), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201 but got {(int)response.StatusCode}: {text}");
        Assert.Equal($"{AgendaUrl(eventId)}/{JsonNode.Parse(text)!["id"]}", response.Headers.Location!.OriginalString);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static object Item(string title, string from, string to, Guid? speakerUser = null, Guid? speakerContact = null) => new
    {
        title,
        start_time = $"2030-06-01T{from}:00Z",
        end_time = $"2030-06-01T{to}:00Z",
        speaker_user_id = speakerUser,
        speaker_contact_id = speakerContact,
    };

    private static async Task<JsonArray> ListAsync(Account account, Guid eventId)
    {
        var response = await account.Client.GetAsync(AgendaUrl(eventId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonArrayAsync();
    }

    [Fact]
    public async Task Items_are_created_listed_in_time_order_updated_and_deleted()
    {
        var account = await api.RegisterAsync();
        var id = await account.CreateEventIdAsync();
        var lunch = await AddAsync(account, id, new { title = "Lunch", item_type = "break", start_time = "2030-06-01T12:00:00Z", end_time = "2030-06-01T13:00:00Z", location = "Hall" });
        var keynote = await AddAsync(account, id, Item("Keynote", "09:00", "10:00", speakerUser: account.UserId));
        Assert.Equal("break", lunch.Text("item_type"));
        Assert.Equal("session", keynote.Text("item_type"));
        Assert.Equal(["Keynote", "Lunch"], (await ListAsync(account, id)).Select(i => i!.Text("title")));

        var url = $"{AgendaUrl(id)}/{keynote["id"]}";
        var moved = await account.OkAsync(await account.Client.PatchAsync(url, Accounts.Json("""{"start_time":"2030-06-01T14:00:00Z","end_time":"2030-06-01T15:00:00Z","item_type":"keynote"}""")));
        Assert.Equal("keynote", moved.Text("item_type"));
        Assert.Equal(["Lunch", "Keynote"], (await ListAsync(account, id)).Select(i => i!.Text("title")));

        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync(url)).StatusCode);
        Assert.Equal(["Lunch"], (await ListAsync(account, id)).Select(i => i!.Text("title")));
        await (await account.Client.PatchAsync(url, Accounts.Json("""{"title":"Ghost"}"""))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_speaker_in_two_overlapping_items_is_409_even_across_events()
    {
        var account = await api.RegisterAsync();
        var contact = await account.ContactIdAsync("Speaker");
        var id = await account.CreateEventIdAsync();
        await AddAsync(account, id, Item("Talk A", "10:00", "11:00", speakerContact: contact));
        var clash = await account.Client.PostAsJsonAsync(AgendaUrl(id), Item("Talk B", "10:30", "11:30", speakerContact: contact));
        await clash.AssertCodeAsync(HttpStatusCode.Conflict, "speaker_double_booked");
        // Back to back is fine; so is the same slot for someone else.
        var next = await AddAsync(account, id, Item("Talk C", "11:00", "12:00", speakerContact: contact));
        await AddAsync(account, id, Item("Talk D", "10:30", "11:30", speakerUser: account.UserId));

        var other = await account.CreateEventIdAsync();
        await (await account.Client.PostAsJsonAsync(AgendaUrl(other), Item("Elsewhere", "11:30", "12:30", speakerContact: contact)))
            .AssertCodeAsync(HttpStatusCode.Conflict, "speaker_double_booked");
        await (await account.Client.PatchAsync($"{AgendaUrl(id)}/{next["id"]}", Accounts.Json("""{"start_time":"2030-06-01T10:59:00Z"}""")))
            .AssertCodeAsync(HttpStatusCode.Conflict, "speaker_double_booked");
        await (await account.Client.PatchAsync($"{AgendaUrl(id)}/{next["id"]}", Accounts.Json($$"""{"speaker_contact_id":null,"speaker_user_id":"{{account.UserId}}"}""")))
            .AssertCodeAsync(HttpStatusCode.Conflict, "speaker_double_booked");
        Assert.Equal(3, (await ListAsync(account, id)).Count);
    }

    [Theory]
    [InlineData("""{"start_time":"2030-06-01T10:00:00Z","end_time":"2030-06-01T11:00:00Z"}""", "title")]
    [InlineData("""{"title":"T","end_time":"2030-06-01T11:00:00Z"}""", "start_time")]
    [InlineData("""{"title":"T","start_time":"2030-06-01T11:00:00Z","end_time":"2030-06-01T10:00:00Z"}""", "end_time")]
    [InlineData("""{"title":"T","start_time":"2030-06-01T11:00:00Z","end_time":"2030-06-01T11:00:00Z"}""", "end_time")]
    [InlineData("""{"title":"T","start_time":"2030-06-01T08:00:00Z","end_time":"2030-06-01T10:00:00Z"}""", "start_time")]
    [InlineData("""{"title":"T","start_time":"2030-06-01T17:00:00Z","end_time":"2030-06-01T19:00:00Z"}""", "end_time")]
    [InlineData("""{"title":"T","item_type":"party","start_time":"2030-06-01T10:00:00Z","end_time":"2030-06-01T11:00:00Z"}""", "item_type")]
    [InlineData("""{"title":"T","sort_order":-1,"start_time":"2030-06-01T10:00:00Z","end_time":"2030-06-01T11:00:00Z"}""", "sort_order")]
    [InlineData("""{"title":"T","sort_order":"first","start_time":"2030-06-01T10:00:00Z","end_time":"2030-06-01T11:00:00Z"}""", "sort_order")]
    [InlineData("""{"title":"T","event_id":"00000000-0000-0000-0000-000000000001","start_time":"2030-06-01T10:00:00Z","end_time":"2030-06-01T11:00:00Z"}""", "event_id")]
    [InlineData("""{"title":"T","speaker_user_id":"00000000-0000-0000-0000-000000000001","speaker_contact_id":"00000000-0000-0000-0000-000000000002","start_time":"2030-06-01T10:00:00Z","end_time":"2030-06-01T11:00:00Z"}""", "speaker_contact_id")]
    public async Task Bad_items_are_422_and_add_nothing(string json, string field)
    {
        var account = await api.RegisterAsync();
        var id = await account.CreateEventIdAsync();
        var problem = await (await account.Client.PostAsync(AgendaUrl(id), Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem["errors"]?[field] is not null, problem.ToJsonString());
        Assert.Empty(await ListAsync(account, id));
    }

    [Fact]
    public async Task Bad_agenda_patches_are_422_and_change_nothing()
    {
        var account = await api.RegisterAsync();
        var id = await account.CreateEventIdAsync();
        var item = await AddAsync(account, id, Item("Talk", "10:00", "11:00", speakerUser: account.UserId));
        var url = $"{AgendaUrl(id)}/{item["id"]}";
        foreach (var json in new[]
        {
            """{"title":null}""", """{"title":"   "}""", """{"item_type":"party"}""", """{"start_time":null}""",
            """{"end_time":"2030-06-01T09:00:00Z"}""", """{"start_time":"2030-06-01T08:00:00Z"}""", """{"end_time":"2030-06-02T09:00:00Z"}""",
            """{"sort_order":100001}""", """{"event_id":"00000000-0000-0000-0000-000000000001"}""",
            """{"speaker_contact_id":"00000000-0000-0000-0000-000000000001"}""", $$"""{"title":"{{new string('t', 256)}}"}""",
        })
        {
            await (await account.Client.PatchAsync(url, Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        }
        Assert.Equal(item.ToJsonString(), Assert.Single(await ListAsync(account, id))!.ToJsonString());
    }

    [Fact]
    public async Task Moving_the_event_away_from_its_agenda_is_409()
    {
        var account = await api.RegisterAsync();
        var id = await account.CreateEventIdAsync();
        await AddAsync(account, id, Item("Late talk", "16:00", "17:30"));
        await (await account.Client.PatchAsync(EventUrl(id), Accounts.Json("""{"end_date":"2030-06-01T17:00:00Z"}"""))).AssertCodeAsync(HttpStatusCode.Conflict, "agenda_outside_event");
        await account.OkAsync(await account.Client.PatchAsync(EventUrl(id), Accounts.Json("""{"end_date":"2030-06-01T20:00:00Z"}""")));
    }

    [Fact]
    public async Task Another_organizations_agenda_and_speakers_are_404_and_unchanged()
    {
        var mine = await api.RegisterAsync();
        var theirs = await api.RegisterAsync();
        var myEvent = await mine.CreateEventIdAsync();
        await (await mine.Client.PostAsJsonAsync(AgendaUrl(myEvent), Item("T", "10:00", "11:00", speakerUser: theirs.UserId))).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PostAsJsonAsync(AgendaUrl(myEvent), Item("T", "10:00", "11:00", speakerContact: await theirs.ContactIdAsync()))).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await ListAsync(mine, myEvent));

        var theirEvent = await theirs.CreateEventIdAsync();
        var item = await AddAsync(theirs, theirEvent, Item("Private", "10:00", "11:00"));
        await (await mine.Client.PostAsJsonAsync(AgendaUrl(theirEvent), Item("T", "10:00", "11:00"))).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PatchAsync($"{AgendaUrl(theirEvent)}/{item["id"]}", Accounts.Json("""{"title":"Hacked"}"""))).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.DeleteAsync($"{AgendaUrl(theirEvent)}/{item["id"]}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PatchAsync($"{AgendaUrl(myEvent)}/{item["id"]}", Accounts.Json("""{"title":"Hacked"}"""))).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Private", Assert.Single(await ListAsync(theirs, theirEvent))!.Text("title"));
    }
}

public sealed class AgendaTestsOnSqlite(SqliteApiFactory api) : AgendaTests(api), IClassFixture<SqliteApiFactory>;

public sealed class AgendaTestsOnPostgres(PostgresApiFactory api) : AgendaTests(api), IClassFixture<PostgresApiFactory>;
