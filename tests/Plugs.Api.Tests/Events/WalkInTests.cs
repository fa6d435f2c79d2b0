using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Events.EventApi;

namespace Plugs.Api.Tests.Events;

/// <summary>
/// A walk-in: <c>POST /events/{id}/attendees</c> with a new contact inline, created and registered
/// in one transaction, validated as a contact create is.
/// </summary>
public abstract class WalkInTests(PlugsApiFactory api)
{
    private static async Task<int> ContactCountAsync(Account account) =>
        int.Parse((await account.Client.GetAsync("/api/v1/contacts?limit=1")).Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_walk_in_is_a_new_contact_registered_in_one_request()
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync();
        var attendee = await account.RegisterAsync(id, new
        {
            contact = new { first_name = " Wanda ", last_name = "Walker", email = "Wanda@Example.com", company = "Door Co", status = "hot_lead", tags = new[] { "walk-in" } },
            notes = "Came with a friend",
        });
        Assert.Equal("registered", attendee.Text("status"));
        Assert.Equal("attendee", attendee.Text("role"));
        Assert.Equal("Wanda Walker", attendee.Text("name"));
        Assert.Equal("wanda@example.com", attendee.Text("email"));
        Assert.Null(attendee["user_id"]);

        var contactId = attendee["contact_id"]!.GetValue<Guid>();
        var contact = await (await account.Client.GetAsync($"/api/v1/contacts/{contactId}")).JsonAsync();
        Assert.Equal("Door Co", contact.Text("company"));
        Assert.Equal(["walk-in"], contact["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("derived", contact.Text("lead_score_source"));
        Assert.Equal(40, contact["lead_score"]!.GetValue<int>()); // hot_lead 30 + medium 10
        Assert.Equal(account.UserId, contact["created_by"]!.GetValue<Guid>());
        Assert.Equal(1, (await account.GetEventAsync(id))["current_attendees"]!.GetValue<int>());

        // The same person again is an ordinary registration by contact_id, and a duplicate.
        await (await account.Client.PostAsJsonAsync($"{EventUrl(id)}/attendees", new { contact_id = contactId })).AssertCodeAsync(HttpStatusCode.Conflict, "already_registered");
        var speaker = await account.RegisterAsync(id, new { contact = new { first_name = "Sam", last_name = "Speaker" }, role = "speaker" });
        Assert.Equal("speaker", speaker.Text("role"));
        Assert.Null(speaker["email"]);
    }

    [Theory]
    [InlineData("""{"contact":{"last_name":"NoFirst"}}""", "contact.first_name")]
    [InlineData("""{"contact":{"first_name":"A","last_name":"B","email":"not-an-address"}}""", "contact.email")]
    [InlineData("""{"contact":{"first_name":"A","last_name":"B","lead_score":150}}""", "contact.lead_score")]
    [InlineData("""{"contact":{"first_name":"A","last_name":"B","status":"warm"}}""", "contact.status")]
    [InlineData("""{"contact":{"first_name":"A","last_name":"B","id":"00000000-0000-0000-0000-000000000001"}}""", "contact.id")]
    [InlineData("""{"contact":{"first_name":"A","last_name":"B","tags":["ok",""]}}""", "contact.tags")]
    [InlineData("""{"contact":{"first_name":"A","last_name":"B","lead_score":5,"lead_score_source":"derived"}}""", "contact.lead_score_source")]
    [InlineData("""{"contact":"Wanda"}""", "contact")]
    [InlineData("""{"contact":{"first_name":"A","last_name":"B"},"contact_id":"00000000-0000-0000-0000-000000000001"}""", "contact")]
    [InlineData("""{"contact":{"first_name":"A","last_name":"B"},"user_id":"00000000-0000-0000-0000-000000000001"}""", "contact")]
    [InlineData("""{"contact":{"first_name":"A","last_name":"B"},"status":"waitlisted"}""", "status")]
    public async Task A_bad_walk_in_is_422_and_creates_nobody(string json, string field)
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync();
        var before = await ContactCountAsync(account);
        var problem = await (await account.Client.PostAsync($"{EventUrl(id)}/attendees", Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem["errors"]?[field] is not null, problem.ToJsonString());
        Assert.Equal(before, await ContactCountAsync(account));
        Assert.Empty(await account.AttendeesAsync(id));
    }

    [Fact]
    public async Task A_walk_in_at_a_closed_or_foreign_event_creates_nobody()
    {
        var account = await api.RegisterAsync();
        var other = await api.RegisterAsync();
        var before = await ContactCountAsync(account);
        var theirs = await other.PublishedEventAsync();
        var walkIn = new { contact = new { first_name = "Walk", last_name = "In" } };
        await (await account.Client.PostAsJsonAsync($"{EventUrl(theirs)}/attendees", walkIn)).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
        await (await account.Client.PostAsJsonAsync($"{EventUrl(Guid.NewGuid())}/attendees", walkIn)).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
        var cancelled = await account.PublishedEventAsync();
        await account.OkAsync(await account.Client.PostAsync($"{EventUrl(cancelled)}/cancel", null));
        await (await account.Client.PostAsJsonAsync($"{EventUrl(cancelled)}/attendees", walkIn)).AssertCodeAsync(HttpStatusCode.Conflict, "registration_closed");
        Assert.Equal(before, await ContactCountAsync(account));
        Assert.Empty(await other.AttendeesAsync(theirs));
        Assert.Equal(0, await ContactCountAsync(other));
    }

    [Fact]
    public async Task A_retried_walk_in_with_the_same_idempotency_key_is_one_contact_and_one_registration()
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync();
        var before = await ContactCountAsync(account);
        async Task<HttpResponseMessage> Send(string last)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{EventUrl(id)}/attendees")
            {
                Content = JsonContent.Create(new { contact = new { first_name = "Once", last_name = last } }),
            };
            request.Headers.Add("Idempotency-Key", "walk-in-1");
            return await account.Client.SendAsync(request);
        }
        var first = await Send("Only");
        var second = await Send("Only");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal((await first.JsonAsync())["contact_id"]!.GetValue<Guid>(), (await second.JsonAsync())["contact_id"]!.GetValue<Guid>());
        await (await Send("Other")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(before + 1, await ContactCountAsync(account));
        Assert.Single(await account.AttendeesAsync(id));
    }

    [Fact]
    public async Task Simultaneous_walk_ins_fill_the_seats_queue_the_rest_and_share_one_new_tag()
    {
        const int parallel = 16, capacity = 5;
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < 3; round++)
        {
            var id = await account.PublishedEventAsync(maxAttendees: capacity);
            var before = await ContactCountAsync(account);
            var responses = await Task.WhenAll(Enumerable.Range(0, parallel).Select(i =>
                clients[i % clients.Count].PostAsJsonAsync($"{EventUrl(id)}/attendees",
                    new { contact = new { first_name = "Walk", last_name = $"In{round}-{i}", tags = new[] { $"door-{round}" } } })));
            foreach (var response in responses)
            {
                Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            }
            Assert.Equal(before + parallel, await ContactCountAsync(account));
            var all = await account.AttendeesAsync(id, "?limit=1000");
            Assert.Equal(capacity, all.Count(a => a!.Text("status") == "registered"));
            Assert.Equal(Enumerable.Range(1, parallel - capacity), all.Where(a => a!.Text("status") == "waitlisted").Select(a => a!["waitlist_position"]!.GetValue<int>()).Order());
            Assert.Equal(parallel, all.Select(a => a!["contact_id"]!.GetValue<Guid>()).Distinct().Count());
            var tags = await (await account.Client.GetAsync($"/api/v1/tags?q=door-{round}")).JsonArrayAsync();
            Assert.Equal(parallel, Assert.Single(tags)!["contact_count"]!.GetValue<int>());
        }
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}

public sealed class WalkInTestsOnSqlite(SqliteApiFactory api) : WalkInTests(api), IClassFixture<SqliteApiFactory>;

public sealed class WalkInTestsOnPostgres(PostgresApiFactory api) : WalkInTests(api), IClassFixture<PostgresApiFactory>;
