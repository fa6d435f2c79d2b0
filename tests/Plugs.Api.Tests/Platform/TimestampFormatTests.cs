using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Plugs.Api.Tests.Contacts;
using Plugs.Api.Tests.Events;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Platform;

/// <summary>One timestamp format everywhere: UTC, ISO 8601, exactly three fractional digits (docs/api.md).</summary>
public abstract partial class TimestampFormatTests(PlugsApiFactory api)
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex LooksLikeATime();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex TheFormat();

    [Fact]
    public async Task Every_time_in_responses_and_exports_has_one_format()
    {
        var account = await api.RegisterAsync(organization: "Times");
        var contact = await ContactTests.CreateAsync(account, new { first_name = "Ada", last_name = "Lovelace", email = "ada@example.com" });
        var contactId = contact["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.Created, (await account.Client.PostAsJsonAsync($"/api/v1/contacts/{contactId}/interactions",
            new { interaction_type = "call", interaction_date = "2026-09-01T12:34:56.789123+02:00" })).StatusCode);
        var eventId = await account.PublishedEventAsync();
        await account.RegisterAsync(eventId, new { contact_id = contactId });

        var times = new List<(string Url, string Value)>();
        foreach (var url in new[] { $"/api/v1/contacts/{contactId}", "/api/v1/contacts/", EventApi.EventUrl(eventId), $"{EventApi.EventUrl(eventId)}/attendees",
            "/api/v1/auth/me", "/api/v1/users", "/api/v1/organization", $"/api/v1/contacts/{contactId}/interactions" })
        {
            var response = await account.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Collect(JsonNode.Parse(await response.Content.ReadAsStringAsync()), url, times);
        }
        Assert.Contains(times, t => t.Value == "2026-09-01T10:34:56.789Z"); // the interaction, in UTC, to the millisecond
        Assert.True(times.Count > 20, $"only {times.Count} times seen");
        Assert.All(times, t => Assert.True(TheFormat().IsMatch(t.Value), $"{t.Url}: {t.Value}"));

        var csv = (await account.Client.GetStringAsync("/api/v1/contacts/export?format=csv")).Split('\n')[1].TrimEnd('\r');
        var stamps = csv.Split(',').Where(v => LooksLikeATime().IsMatch(v)).ToList();
        Assert.Equal(2, stamps.Count); // last_interaction, created_at
        Assert.All(stamps, s => Assert.Matches(TheFormat(), s));
    }

    private static void Collect(JsonNode? node, string url, List<(string, string)> times)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o) Collect(value, url, times);
                break;
            case JsonArray a:
                foreach (var value in a) Collect(value, url, times);
                break;
            case JsonValue v when v.TryGetValue<string>(out var text) && LooksLikeATime().IsMatch(text):
                times.Add((url, text));
                break;
        }
    }
}

public sealed class TimestampFormatTestsOnSqlite(SqliteApiFactory api) : TimestampFormatTests(api), IClassFixture<SqliteApiFactory>;

public sealed class TimestampFormatTestsOnPostgres(PostgresApiFactory api) : TimestampFormatTests(api), IClassFixture<PostgresApiFactory>;
