using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Contacts;
using Plugs.Api.Tests.Events;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Api.Tests.Network;

namespace Plugs.Api.Tests.Platform;

/// <summary>
/// Resources read and write the same way everywhere: a single-item GET wherever PATCH/DELETE
/// exist, restore wherever delete is soft, Idempotency-Key on creates whose replay keeps its
/// Location and ETag.
/// </summary>
public abstract class ResourceShapeTests(PlugsApiFactory api)
{
    [Fact]
    public async Task Attendees_and_agenda_items_read_one_at_a_time_with_their_etag()
    {
        var account = await api.RegisterAsync(organization: "Shapes");
        var other = await api.RegisterAsync(organization: "Shapes other");
        var eventId = await account.PublishedEventAsync();
        var attendee = await account.RegisterAsync(eventId, new { contact_id = await account.ContactIdAsync() });
        var item = await account.Client.PostAsJsonAsync($"{EventApi.EventUrl(eventId)}/agenda",
            new { title = "Keynote", start_time = "2030-06-01T09:30:00Z", end_time = "2030-06-01T10:00:00Z" });
        Assert.Equal(HttpStatusCode.Created, item.StatusCode);
        var itemId = (await item.JsonAsync())["id"]!.GetValue<Guid>();

        foreach (var (url, id) in new[] { ($"{EventApi.EventUrl(eventId)}/attendees/{attendee["id"]}", attendee["id"]!.GetValue<Guid>()),
            ($"{EventApi.EventUrl(eventId)}/agenda/{itemId}", itemId) })
        {
            var one = await account.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
            Assert.Equal(id, (await one.JsonAsync())["id"]!.GetValue<Guid>());
            Assert.NotNull(one.Headers.ETag);
            await (await other.Client.GetAsync(url)).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
            var lastSlash = url.LastIndexOf('/');
            await (await account.Client.GetAsync($"{url[..lastSlash]}/{Guid.NewGuid()}")).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
        }
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync(EventApi.EventUrl(eventId))).StatusCode);
        await (await account.Client.GetAsync($"{EventApi.EventUrl(eventId)}/agenda/{itemId}")).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_deleted_relationship_is_restored_once_and_comes_back_everywhere()
    {
        var account = await api.RegisterAsync(organization: "Restore edges");
        var other = await api.RegisterAsync(organization: "Restore edges other");
        var from = await NetworkApi.ContactAsync(account, "From", "plug");
        var to = await NetworkApi.ContactAsync(account, "To");
        var id = await NetworkApi.RelationshipAsync(account, from, to, strength: 4);
        var url = $"/api/v1/relationships/{id}";
        await (await account.Client.PostAsync($"{url}/restore", null)).AssertCodeAsync(HttpStatusCode.NotFound, "not_found"); // not deleted
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync(url)).StatusCode);
        await (await other.Client.PostAsync($"{url}/restore", null)).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");

        var restores = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => account.Client.PostAsync($"{url}/restore", null)));
        Assert.Single(restores, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(restores, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Conflict, $"{(int)r.StatusCode}"));
        Assert.Equal(4, (await (await account.Client.GetAsync(url)).JsonAsync())["strength"]!.GetValue<int>());
        Assert.Equal("1", await NetworkApi.TotalAsync(account, $"/api/v1/contacts/{from}/relationships"));

        // The same edge made again meanwhile: restoring the old one would duplicate it.
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync(url)).StatusCode);
        await NetworkApi.RelationshipAsync(account, from, to);
        await (await account.Client.PostAsync($"{url}/restore", null)).AssertCodeAsync(HttpStatusCode.Conflict, "duplicate_relationship");

        // Not while one of its contacts is deleted.
        var third = await NetworkApi.ContactAsync(account, "Third");
        var edge = await NetworkApi.RelationshipAsync(account, from, third);
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/relationships/{edge}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/contacts/{third}")).StatusCode);
        await (await account.Client.PostAsync($"/api/v1/relationships/{edge}/restore", null)).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_deleted_interaction_is_restored_once_and_last_interaction_follows()
    {
        var account = await api.RegisterAsync(organization: "Restore timeline");
        var other = await api.RegisterAsync(organization: "Restore timeline other");
        var contact = await NetworkApi.ContactAsync(account, "Timeline");
        var created = await account.Client.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions",
            new { interaction_type = "meeting", interaction_date = "2026-10-01T09:00:00Z" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = $"/api/v1/interactions/{(await created.JsonAsync())["id"]}";
        async Task<string?> LastInteraction() => (await (await account.Client.GetAsync($"/api/v1/contacts/{contact}")).JsonAsync())["last_interaction"]?.GetValue<string>();

        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync(url)).StatusCode);
        Assert.Null(await LastInteraction());
        await (await other.Client.PostAsync($"{url}/restore", null)).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");

        var restores = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => account.Client.PostAsync($"{url}/restore", null)));
        Assert.Single(restores, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(restores, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{(int)r.StatusCode}"));
        Assert.Equal("2026-10-01T09:00:00.000Z", await LastInteraction());
        Assert.Equal(HttpStatusCode.OK, (await account.Client.GetAsync(url)).StatusCode);

        // Not while its contact is deleted.
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/contacts/{contact}")).StatusCode);
        await (await account.Client.PostAsync($"{url}/restore", null)).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task An_invitation_sent_twice_with_one_key_is_one_invitation_and_the_replay_keeps_its_headers()
    {
        var admin = await api.RegisterAsync(organization: "Invite once");
        var email = Accounts.NewEmail("invitee");
        async Task<HttpResponseMessage> Invite()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/invitations") { Content = JsonContent.Create(new { email }) };
            request.Headers.Add("Idempotency-Key", "invite-1");
            return await admin.Client.SendAsync(request);
        }
        var first = await Invite();
        var second = await Invite();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.NotNull(first.Headers.ETag);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Single(await (await admin.Client.GetAsync("/api/v1/auth/invitations")).JsonArrayAsync());
        await Mailbox.DeliveredAsync(api);
        Assert.Single(Mailbox.Messages(api, email));
    }
}

public sealed class ResourceShapeTestsOnSqlite(SqliteApiFactory api) : ResourceShapeTests(api), IClassFixture<SqliteApiFactory>;

public sealed class ResourceShapeTestsOnPostgres(PostgresApiFactory api) : ResourceShapeTests(api), IClassFixture<PostgresApiFactory>;
