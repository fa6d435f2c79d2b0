using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Contacts;
using Plugs.Api.Tests.Events;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Api.Tests.Network;

namespace Plugs.Api.Tests.Platform;

/// <summary>
/// Every PATCH in the product answers with what a GET of the resource answers right after it — the
/// same fields, nested collections included, and the same ETag — so a client can replace its copy
/// with the PATCH's answer.
/// </summary>
public abstract class PatchShapeTests(PlugsApiFactory api)
{
    [Fact]
    public async Task Every_patch_answers_exactly_what_a_get_answers_next()
    {
        var admin = await api.RegisterAsync(organization: "Patch shapes");
        var member = await api.AddMemberAsync(admin);
        var plug = await NetworkApi.ContactAsync(admin, "Plug", "plug");
        var target = await NetworkApi.ContactAsync(admin, "Target");
        var relationship = await NetworkApi.RelationshipAsync(admin, plug, target);
        var introduction = (await NetworkApi.IntroductionAsync(admin, plug, target, "Hello"))["id"]!.GetValue<Guid>();
        var interaction = await admin.Client.PostAsJsonAsync($"/api/v1/contacts/{plug}/interactions", new { interaction_type = "call", subject = "Hi" });
        Assert.Equal(HttpStatusCode.Created, interaction.StatusCode);
        var interactionId = (await interaction.JsonAsync())["id"]!.GetValue<Guid>();
        var tag = await admin.Client.PostAsJsonAsync("/api/v1/tags", new { name = "shape" });
        var tagId = (await tag.JsonAsync())["id"]!.GetValue<Guid>();

        var eventId = await admin.PublishedEventAsync(maxAttendees: 5);
        var attendee = await admin.RegisterAsync(eventId, new { contact_id = plug });
        await admin.RegisterAsync(eventId, new { user_id = member.UserId, role = "speaker" });
        var item = await admin.Client.PostAsJsonAsync($"{EventApi.EventUrl(eventId)}/agenda",
            new { title = "Keynote", start_time = "2030-06-01T09:30:00Z", end_time = "2030-06-01T10:00:00Z", speaker_user_id = member.UserId });
        Assert.Equal(HttpStatusCode.Created, item.StatusCode);
        var itemId = (await item.JsonAsync())["id"]!.GetValue<Guid>();

        (string Url, object Body)[] patches =
        [
            ($"/api/v1/contacts/{plug}", new { notes = "patched", tags = new[] { "shape" } }),
            ($"/api/v1/interactions/{interactionId}", new { subject = "patched" }),
            ($"/api/v1/tags/{tagId}", new { color = "#1f6feb" }),
            (EventApi.EventUrl(eventId), new { title = "Patched summit" }),
            ($"{EventApi.EventUrl(eventId)}/attendees/{attendee["id"]}", new { notes = "patched" }),
            ($"{EventApi.EventUrl(eventId)}/agenda/{itemId}", new { title = "Patched keynote" }),
            ($"/api/v1/users/{member.UserId}", new { job_title = "Patched" }),
            ("/api/v1/organization", new { name = "Patched shapes" }),
            ($"/api/v1/relationships/{relationship}", new { strength = 5 }),
            ($"/api/v1/introductions/{introduction}", new { message = "Patched" }),
        ];
        foreach (var (url, body) in patches)
        {
            var patched = await admin.Client.PatchAsJsonAsync(url, body);
            var patchedText = await patched.Content.ReadAsStringAsync();
            Assert.True(patched.StatusCode == HttpStatusCode.OK, $"{url}: {patchedText}");
            var read = await admin.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var readText = await read.Content.ReadAsStringAsync();
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(readText), JsonNode.Parse(patchedText)), $"PATCH {url}\n{patchedText}\nGET\n{readText}");
            Assert.Equal(read.Headers.ETag, patched.Headers.ETag);
        }

        // A contact's tags change through a PATCH of their own, answered as the contact.
        var tagged = await admin.Client.PatchAsJsonAsync($"/api/v1/contacts/{plug}/tags", new { add = new[] { "more" }, remove = new[] { "shape" } });
        Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
        var contact = await admin.Client.GetAsync($"/api/v1/contacts/{plug}");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await contact.Content.ReadAsStringAsync()), JsonNode.Parse(await tagged.Content.ReadAsStringAsync())));
        Assert.Equal(contact.Headers.ETag, tagged.Headers.ETag);

        // The single-event actions answer in the same shape too.
        var started = await admin.OkAsync(await admin.Client.PostAsync($"{EventApi.EventUrl(eventId)}/start", null));
        Assert.True(JsonNode.DeepEquals(await admin.GetEventAsync(eventId), started));
        Assert.NotNull(started["agenda"]);
        Assert.NotNull(started["attendee_counts"]);
    }
}

public sealed class PatchShapeTestsOnSqlite(SqliteApiFactory api) : PatchShapeTests(api), IClassFixture<SqliteApiFactory>;

public sealed class PatchShapeTestsOnPostgres(PostgresApiFactory api) : PatchShapeTests(api), IClassFixture<PostgresApiFactory>;
