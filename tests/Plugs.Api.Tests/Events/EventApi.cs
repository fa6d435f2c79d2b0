using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Events;

/// <summary>Shortcuts the event tests share: everything still goes through HTTP.</summary>
internal static class EventApi
{
    public const string EventsUrl = "/api/v1/events";

    public static string EventUrl(Guid id) => $"{EventsUrl}/{id}";

    public static async Task<JsonObject> CreateEventAsync(this Account account, object? body = null)
    {
        var response = await account.Client.PostAsJsonAsync(EventsUrl, body ?? new
        {
            title = "Summit",
            start_date = "2030-06-01T09:00:00Z",
            end_date = "2030-06-01T18:00:00Z",
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<Guid> CreateEventIdAsync(this Account account, object? body = null) =>
        (await account.CreateEventAsync(body))["id"]!.GetValue<Guid>();

    /// <summary>An event open for registration (published), optionally capped.</summary>
    public static async Task<Guid> PublishedEventAsync(this Account account, int? maxAttendees = null)
    {
        var id = await account.CreateEventIdAsync(new
        {
            title = "Open",
            start_date = "2030-06-01T09:00:00Z",
            end_date = "2030-06-01T18:00:00Z",
            max_attendees = maxAttendees,
        });
        await account.OkAsync(await account.Client.PostAsync($"{EventUrl(id)}/publish", null));
        return id;
    }

    /// <summary>
    /// A published event under way by the real clock (started an hour ago, ends in eight), so check-in
    /// is open. Tests of the check-in window itself move a fake clock instead (CheckInWindowTests).
    /// </summary>
    public static async Task<Guid> EventUnderWayAsync(this Account account, int? maxAttendees = null)
    {
        var now = DateTime.UtcNow;
        var id = await account.CreateEventIdAsync(new
        {
            title = "Under way",
            start_date = now.AddHours(-1).ToString("O"),
            end_date = now.AddHours(8).ToString("O"),
            max_attendees = maxAttendees,
        });
        await account.OkAsync(await account.Client.PostAsync($"{EventUrl(id)}/publish", null));
        return id;
    }

    public static async Task<JsonObject> GetEventAsync(this Account account, Guid id) =>
        await account.OkAsync(await account.Client.GetAsync(EventUrl(id)));

    public static async Task<JsonObject> OkAsync(this Account _, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<Guid> ContactIdAsync(this Account account, string last = "Guest")
    {
        var response = await account.Client.PostAsJsonAsync("/api/v1/contacts/", new { first_name = "Con", last_name = last });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync())["id"]!.GetValue<Guid>();
    }

    public static async Task<JsonObject> RegisterAsync(this Account account, Guid eventId, object body)
    {
        var response = await account.Client.PostAsJsonAsync($"{EventUrl(eventId)}/attendees", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201 but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonArray> AttendeesAsync(this Account account, Guid eventId, string query = "")
    {
        var response = await account.Client.GetAsync($"{EventUrl(eventId)}/attendees{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonArrayAsync();
    }

    public static async Task AssertCodeAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await response.ProblemAsync(status);
        Assert.Equal(code, problem["code"]?.GetValue<string>());
    }

    public static string Text(this JsonNode node, string field) => node[field]!.GetValue<string>();
}
