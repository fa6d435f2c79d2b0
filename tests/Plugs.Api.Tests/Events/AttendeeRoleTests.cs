using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Events.EventApi;

namespace Plugs.Api.Tests.Events;

/// <summary>
/// Seats are for attendees: organizers, speakers, volunteers and sponsors take none and never wait;
/// draft events take no attendees yet.
/// </summary>
public abstract class AttendeeRoleTests(PlugsApiFactory api)
{
    private static string AttendeeUrl(Guid eventId, JsonNode attendee) => $"{EventUrl(eventId)}/attendees/{attendee["id"]}";

    private static async Task<int> CurrentAttendeesAsync(Account account, Guid eventId) =>
        (await account.GetEventAsync(eventId))["current_attendees"]!.GetValue<int>();

    [Fact]
    public async Task The_events_own_people_take_no_seats_and_are_never_waitlisted()
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync(maxAttendees: 2);
        await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync("A1") });
        await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync("A2") });
        foreach (var role in new[] { "organizer", "speaker", "volunteer", "sponsor" })
        {
            var person = await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync(role), role });
            Assert.Equal("registered", person.Text("status"));
            Assert.Null(person["waitlist_position"]);
        }
        var third = await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync("A3") });
        Assert.Equal("waitlisted", third.Text("status"));
        Assert.Equal(1, third["waitlist_position"]!.GetValue<int>());

        var e = await account.GetEventAsync(id);
        Assert.Equal(2, e["current_attendees"]!.GetValue<int>());
        Assert.Equal(6, e["attendee_counts"]!["registered"]!.GetValue<int>());
        // The capacity is measured against attendees only.
        await account.OkAsync(await account.Client.PatchAsync(EventUrl(id), Accounts.Json("""{"max_attendees":2}""")));
        await (await account.Client.PatchAsync(EventUrl(id), Accounts.Json("""{"max_attendees":1}"""))).AssertCodeAsync(HttpStatusCode.Conflict, "capacity_below_registrations");
    }

    [Fact]
    public async Task A_role_change_moves_the_seat_with_it()
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync(maxAttendees: 1);
        var seated = await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync("Seated") });
        var first = await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync("First") });
        var second = await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync("Second") });
        var third = await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync("Third") });

        // The seated attendee turns out to be a speaker: the seat goes to the first in line.
        var speaker = await account.OkAsync(await account.Client.PatchAsync(AttendeeUrl(id, seated), Accounts.Json("""{"role":"speaker"}""")));
        Assert.Equal("registered", speaker.Text("status"));
        Assert.Equal("registered", (await account.OkAsync(await account.Client.GetAsync(AttendeeUrl(id, first)))).Text("status"));
        Assert.Equal(1, await CurrentAttendeesAsync(account, id));

        // A waitlisted attendee who volunteers is registered at once, and the line closes up.
        var volunteer = await account.OkAsync(await account.Client.PatchAsync(AttendeeUrl(id, second), Accounts.Json("""{"role":"volunteer"}""")));
        Assert.Equal("registered", volunteer.Text("status"));
        Assert.Null(volunteer["waitlist_position"]);
        Assert.NotNull(volunteer["registered_at"]);
        Assert.Equal(1, (await account.OkAsync(await account.Client.GetAsync(AttendeeUrl(id, third))))["waitlist_position"]!.GetValue<int>());

        // Back to attendee needs a free seat: none is.
        var full = await (await account.Client.PatchAsync(AttendeeUrl(id, seated), Accounts.Json("""{"role":"attendee","notes":"x"}"""))).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("event_full", full["code"]!.GetValue<string>());
        Assert.Equal(1, full["max_attendees"]!.GetValue<int>());
        var unchanged = await account.OkAsync(await account.Client.GetAsync(AttendeeUrl(id, seated)));
        Assert.Equal("speaker", unchanged.Text("role"));
        Assert.Null(unchanged["notes"]);

        // With a seat free it is taken.
        await account.OkAsync(await account.Client.PatchAsync(EventUrl(id), Accounts.Json("""{"max_attendees":3}""")));
        Assert.Equal("registered", (await account.OkAsync(await account.Client.GetAsync(AttendeeUrl(id, third)))).Text("status"));
        var back = await account.OkAsync(await account.Client.PatchAsync(AttendeeUrl(id, seated), Accounts.Json("""{"role":"attendee"}""")));
        Assert.Equal("attendee", back.Text("role"));
        Assert.Equal(3, await CurrentAttendeesAsync(account, id));

        // A cancelled speaker re-registering as an attendee queues like any attendee.
        await account.OkAsync(await account.Client.PatchAsync(AttendeeUrl(id, volunteer), Accounts.Json("""{"status":"cancelled"}""")));
        var queued = await account.OkAsync(await account.Client.PatchAsync(AttendeeUrl(id, volunteer), Accounts.Json("""{"status":"registered","role":"attendee"}""")));
        Assert.Equal("waitlisted", queued.Text("status"));
        Assert.Equal(1, queued["waitlist_position"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_draft_takes_invitations_and_its_own_people_but_no_attendees()
    {
        var account = await api.RegisterAsync();
        var id = await account.CreateEventIdAsync();
        var contacts = await (await account.Client.GetAsync("/api/v1/contacts")).JsonArrayAsync();
        var problem = await (await account.Client.PostAsJsonAsync($"{EventUrl(id)}/attendees", new { user_id = account.UserId })).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("registration_not_open", problem["code"]!.GetValue<string>());
        await (await account.Client.PostAsJsonAsync($"{EventUrl(id)}/attendees", new { contact = new { first_name = "Walk", last_name = "In" } }))
            .AssertCodeAsync(HttpStatusCode.Conflict, "registration_not_open");
        Assert.Equal(contacts.Count, (await (await account.Client.GetAsync("/api/v1/contacts")).JsonArrayAsync()).Count);

        var invited = await account.RegisterAsync(id, new { user_id = account.UserId, status = "invited" });
        var speaker = await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync("Speaker"), role = "speaker" });
        Assert.Equal("registered", speaker.Text("status"));
        await (await account.Client.PatchAsync(AttendeeUrl(id, invited), Accounts.Json("""{"status":"registered"}"""))).AssertCodeAsync(HttpStatusCode.Conflict, "registration_not_open");
        await (await account.Client.PatchAsync(AttendeeUrl(id, speaker), Accounts.Json("""{"role":"attendee"}"""))).AssertCodeAsync(HttpStatusCode.Conflict, "registration_not_open");
        Assert.Equal(0, await CurrentAttendeesAsync(account, id));

        await account.OkAsync(await account.Client.PostAsync($"{EventUrl(id)}/publish", null));
        Assert.Equal("registered", (await account.OkAsync(await account.Client.PatchAsync(AttendeeUrl(id, invited), Accounts.Json("""{"status":"registered"}""")))).Text("status"));
        Assert.Equal(1, await CurrentAttendeesAsync(account, id));
    }

    [Fact]
    public async Task Simultaneous_registrations_for_the_last_seat_admit_every_speaker_and_exactly_one_attendee()
    {
        const int parallel = 16, speakers = 5, capacity = 4;
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < 3; round++)
        {
            var id = await account.PublishedEventAsync(maxAttendees: capacity);
            for (var i = 0; i < capacity - 1; i++)
            {
                await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync($"R{round}S{i}") });
            }
            var people = new List<(Guid Contact, string Role)>();
            for (var i = 0; i < parallel; i++)
            {
                people.Add((await account.ContactIdAsync($"R{round}P{i}"), i % 3 == 0 && people.Count(p => p.Role == "speaker") < speakers ? "speaker" : "attendee"));
            }
            var responses = await Task.WhenAll(people.Select((p, i) =>
                clients[i % clients.Count].PostAsJsonAsync($"{EventUrl(id)}/attendees", new { contact_id = p.Contact, role = p.Role })));
            foreach (var response in responses)
            {
                Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            }

            var all = await account.AttendeesAsync(id, "?limit=1000");
            var racing = all.Where(a => people.Any(p => p.Contact == a!["contact_id"]!.GetValue<Guid>())).ToList();
            var racingSpeakers = racing.Where(a => a!.Text("role") == "speaker").ToList();
            Assert.Equal(speakers, racingSpeakers.Count);
            Assert.All(racingSpeakers, s => Assert.Equal("registered", s!.Text("status")));
            var attendees = racing.Where(a => a!.Text("role") == "attendee").ToList();
            Assert.Single(attendees, a => a!.Text("status") == "registered");
            Assert.Equal(Enumerable.Range(1, parallel - speakers - 1),
                attendees.Where(a => a!.Text("status") == "waitlisted").Select(a => a!["waitlist_position"]!.GetValue<int>()).Order());
            Assert.Equal(capacity, all.Count(a => a!.Text("role") == "attendee" && a!.Text("status") == "registered"));
            Assert.Equal(capacity, await CurrentAttendeesAsync(account, id));
        }
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Simultaneous_role_changes_never_overfill_the_event()
    {
        const int parallel = 16;
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < 3; round++)
        {
            var id = await account.PublishedEventAsync(maxAttendees: 2);
            await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync($"R{round}Seat") });
            var speakers = new List<JsonObject>();
            for (var i = 0; i < parallel; i++)
            {
                speakers.Add(await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync($"R{round}Sp{i}"), role = "speaker" }));
            }
            // Every speaker asks to become an attendee at once: one seat is left.
            var responses = await Task.WhenAll(speakers.Select((s, i) =>
                clients[i % clients.Count].PatchAsync(AttendeeUrl(id, s), Accounts.Json("""{"role":"attendee"}"""))));
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            {
                await refused.AssertCodeAsync(HttpStatusCode.Conflict, "event_full");
            }
            Assert.Equal(2, await CurrentAttendeesAsync(account, id));
            Assert.Equal(2, (await account.AttendeesAsync(id, "?role=attendee")).Count);
        }
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}

public sealed class AttendeeRoleTestsOnSqlite(SqliteApiFactory api) : AttendeeRoleTests(api), IClassFixture<SqliteApiFactory>;

public sealed class AttendeeRoleTestsOnPostgres(PostgresApiFactory api) : AttendeeRoleTests(api), IClassFixture<PostgresApiFactory>;
