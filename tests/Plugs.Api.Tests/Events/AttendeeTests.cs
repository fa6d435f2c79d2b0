using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Events.EventApi;

namespace Plugs.Api.Tests.Events;

/// <summary>Registrations, the capacity cap and waitlist, cancellations, check-in and tenancy.</summary>
public abstract class AttendeeTests(PlugsApiFactory api)
{
    private static string AttendeeUrl(Guid eventId, JsonNode attendee) => $"{EventUrl(eventId)}/attendees/{attendee["id"]}";

    private static async Task<int> CurrentAttendeesAsync(Account account, Guid eventId) =>
        (await account.GetEventAsync(eventId))["current_attendees"]!.GetValue<int>();

    [Fact]
    public async Task A_user_and_a_contact_of_the_organization_register()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var id = await admin.PublishedEventAsync();
        var user = await admin.RegisterAsync(id, new { user_id = member.UserId, role = "speaker", notes = "Keynote" });
        Assert.Equal("registered", user.Text("status"));
        Assert.Equal("speaker", user.Text("role"));
        Assert.NotNull(user["registered_at"]);
        Assert.Null(user["waitlist_position"]);
        var contact = await admin.RegisterAsync(id, new { contact_id = await admin.ContactIdAsync() });
        Assert.Equal("attendee", contact.Text("role"));
        var invited = await admin.RegisterAsync(id, new { contact_id = await admin.ContactIdAsync("Invitee"), status = "invited" });
        Assert.Equal("invited", invited.Text("status"));

        Assert.Equal(3, (await admin.AttendeesAsync(id)).Count);
        Assert.Single(await admin.AttendeesAsync(id, "?status=invited"));
        Assert.Single(await admin.AttendeesAsync(id, "?role=speaker"));
        await (await admin.Client.GetAsync($"{EventUrl(id)}/attendees?status=maybe")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        // The speaker takes no seat: only the registered attendee counts.
        Assert.Equal(1, await CurrentAttendeesAsync(admin, id));

        // Each person's name and e-mail, the user's or the contact's.
        var listed = (await admin.AttendeesAsync(id)).ToDictionary(a => a!["id"]!.GetValue<Guid>());
        Assert.Equal("Mo Member", listed[user["id"]!.GetValue<Guid>()]!.Text("name"));
        Assert.Equal(member.Email, listed[user["id"]!.GetValue<Guid>()]!.Text("email"));
        Assert.Equal("Con Guest", listed[contact["id"]!.GetValue<Guid>()]!.Text("name"));
        Assert.Null(listed[contact["id"]!.GetValue<Guid>()]!["email"]);
        Assert.Equal("Con Invitee", invited.Text("name"));
    }

    [Fact]
    public async Task Beyond_capacity_people_queue_in_order_and_a_cancellation_promotes_the_first()
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync(maxAttendees: 2);
        var people = new List<JsonObject>();
        for (var i = 0; i < 5; i++)
        {
            people.Add(await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync($"P{i}") }));
        }
        Assert.Equal(["registered", "registered", "waitlisted", "waitlisted", "waitlisted"], people.Select(p => p.Text("status")));
        Assert.Equal([1, 2, 3], people.Skip(2).Select(p => p["waitlist_position"]!.GetValue<int>()));
        Assert.Equal(2, await CurrentAttendeesAsync(account, id));

        await account.OkAsync(await account.Client.PatchAsync(AttendeeUrl(id, people[0]), Accounts.Json("""{"status":"cancelled"}""")));
        var list = await account.AttendeesAsync(id, "?sort=created_at");
        Assert.Equal(["cancelled", "registered", "registered", "waitlisted", "waitlisted"], list.Select(p => p!.Text("status")));
        Assert.Equal([1, 2], list.Skip(3).Select(p => p!["waitlist_position"]!.GetValue<int>()));
        Assert.Equal(2, await CurrentAttendeesAsync(account, id));

        // A waitlisted person leaving closes the gap behind them.
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync(AttendeeUrl(id, people[3]))).StatusCode);
        var last = Assert.Single(await account.AttendeesAsync(id, "?status=waitlisted"));
        Assert.Equal(people[4]["id"]!.GetValue<Guid>(), last!["id"]!.GetValue<Guid>());
        Assert.Equal(1, last["waitlist_position"]!.GetValue<int>());

        // Deleting a registered person also frees their seat.
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync(AttendeeUrl(id, people[1]))).StatusCode);
        Assert.Empty(await account.AttendeesAsync(id, "?status=waitlisted"));
        Assert.Equal(2, await CurrentAttendeesAsync(account, id));
        Assert.Equal(3, (await account.AttendeesAsync(id)).Count);
    }

    [Fact]
    public async Task Raising_the_capacity_promotes_the_waitlist_and_lowering_it_below_the_registrations_is_409()
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync(maxAttendees: 1);
        for (var i = 0; i < 3; i++)
        {
            await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync($"P{i}") });
        }
        var raised = await account.OkAsync(await account.Client.PatchAsync(EventUrl(id), Accounts.Json("""{"max_attendees":2}""")));
        Assert.Equal(2, raised["current_attendees"]!.GetValue<int>());
        Assert.Equal(1, Assert.Single(await account.AttendeesAsync(id, "?status=waitlisted"))!["waitlist_position"]!.GetValue<int>());

        await (await account.Client.PatchAsync(EventUrl(id), Accounts.Json("""{"max_attendees":1}"""))).AssertCodeAsync(HttpStatusCode.Conflict, "capacity_below_registrations");
        var unlimited = await account.OkAsync(await account.Client.PatchAsync(EventUrl(id), Accounts.Json("""{"max_attendees":null}""")));
        Assert.Equal(3, unlimited["current_attendees"]!.GetValue<int>());
        Assert.Empty(await account.AttendeesAsync(id, "?status=waitlisted"));
    }

    [Fact]
    public async Task Registering_the_same_person_twice_is_409_until_the_first_is_cancelled()
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync();
        var contact = await account.ContactIdAsync();
        var first = await account.RegisterAsync(id, new { contact_id = contact });
        await account.RegisterAsync(id, new { user_id = account.UserId });
        await (await account.Client.PostAsJsonAsync($"{EventUrl(id)}/attendees", new { contact_id = contact })).AssertCodeAsync(HttpStatusCode.Conflict, "already_registered");
        await (await account.Client.PostAsJsonAsync($"{EventUrl(id)}/attendees", new { user_id = account.UserId, role = "organizer" })).AssertCodeAsync(HttpStatusCode.Conflict, "already_registered");
        Assert.Equal(2, (await account.AttendeesAsync(id)).Count);

        await account.OkAsync(await account.Client.PatchAsync(AttendeeUrl(id, first), Accounts.Json("""{"status":"cancelled"}""")));
        var again = await account.RegisterAsync(id, new { contact_id = contact });
        Assert.Equal("registered", again.Text("status"));
        // The old registration cannot come back while the new one is live.
        await (await account.Client.PatchAsync(AttendeeUrl(id, first), Accounts.Json("""{"status":"registered"}"""))).AssertCodeAsync(HttpStatusCode.Conflict, "already_registered");
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("complete")]
    public async Task A_cancelled_or_completed_event_takes_no_registrations(string ending)
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync();
        if (ending == "complete")
        {
            await account.OkAsync(await account.Client.PostAsync($"{EventUrl(id)}/start", null));
        }
        await account.OkAsync(await account.Client.PostAsync($"{EventUrl(id)}/{ending}", null));
        await (await account.Client.PostAsJsonAsync($"{EventUrl(id)}/attendees", new { user_id = account.UserId })).AssertCodeAsync(HttpStatusCode.Conflict, "registration_closed");
        Assert.Empty(await account.AttendeesAsync(id));
        Assert.Equal(0, await CurrentAttendeesAsync(account, id));
    }

    [Fact]
    public async Task Check_in_records_attendance_once_and_refuses_the_waitlisted()
    {
        var account = await api.RegisterAsync();
        var id = await account.EventUnderWayAsync(maxAttendees: 1);
        var contact = await account.ContactIdAsync();
        var seated = await account.RegisterAsync(id, new { contact_id = contact });
        var queued = await account.RegisterAsync(id, new { user_id = account.UserId });

        await (await account.Client.PostAsync($"{AttendeeUrl(id, queued)}/check-in", null)).AssertCodeAsync(HttpStatusCode.Conflict, "not_registered");
        var attended = await account.OkAsync(await account.Client.PostAsync($"{AttendeeUrl(id, seated)}/check-in", null));
        Assert.Equal("attended", attended.Text("status"));
        Assert.NotNull(attended["checked_in_at"]);
        await (await account.Client.PostAsync($"{AttendeeUrl(id, seated)}/check-in", null)).AssertCodeAsync(HttpStatusCode.Conflict, "already_checked_in");
        Assert.Equal(1, await CurrentAttendeesAsync(account, id));
        Assert.Single(await account.AttendeesAsync(id, "?status=waitlisted"));
        await (await account.Client.PatchAsync(AttendeeUrl(id, seated), Accounts.Json("""{"status":"cancelled"}"""))).AssertCodeAsync(HttpStatusCode.Conflict, "invalid_transition");

        // The contact's timeline has the event, once, and last_interaction follows.
        var timeline = await (await account.Client.GetAsync($"/api/v1/contacts/{contact}/interactions")).JsonArrayAsync();
        var entry = Assert.Single(timeline);
        Assert.Equal("event", entry!.Text("interaction_type"));
        Assert.Equal(id, entry!["metadata"]!["event_id"]!.GetValue<Guid>());
        Assert.NotNull((await (await account.Client.GetAsync($"/api/v1/contacts/{contact}")).JsonAsync())["last_interaction"]);
    }

    [Fact]
    public async Task Check_in_needs_a_published_or_ongoing_event_and_no_shows_an_event_that_is_over()
    {
        var account = await api.RegisterAsync();
        var now = DateTime.UtcNow;
        var id = await account.CreateEventIdAsync(new { title = "Draft", start_date = now.AddHours(-1).ToString("O"), end_date = now.AddHours(8).ToString("O") });
        // A draft takes its own people (an organizer here), not attendees.
        var me = await account.RegisterAsync(id, new { user_id = account.UserId, role = "organizer" });
        await (await account.Client.PostAsync($"{AttendeeUrl(id, me)}/check-in", null)).AssertCodeAsync(HttpStatusCode.Conflict, "check_in_closed");
        await (await account.Client.PatchAsync(AttendeeUrl(id, me), Accounts.Json("""{"status":"no_show"}"""))).AssertCodeAsync(HttpStatusCode.Conflict, "event_not_over");
        await (await account.Client.PatchAsync(AttendeeUrl(id, me), Accounts.Json("""{"status":"attended"}"""))).AssertCodeAsync(HttpStatusCode.Conflict, "invalid_transition");
        var refused = await (await account.Client.PatchAsync(AttendeeUrl(id, me), Accounts.Json("""{"status":"waitlisted"}"""))).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("invalid_transition", refused["code"]!.GetValue<string>());
        Assert.Equal("registered", refused["from"]!.GetValue<string>());
        Assert.Equal("waitlisted", refused["to"]!.GetValue<string>());
        Assert.Equal(["attended", "cancelled", "no_show"], refused["allowed"]!.AsArray().Select(a => a!.GetValue<string>()).Order());

        foreach (var action in new[] { "publish", "start", "complete" })
        {
            await account.OkAsync(await account.Client.PostAsync($"{EventUrl(id)}/{action}", null));
        }
        var noShow = await account.OkAsync(await account.Client.PatchAsync(AttendeeUrl(id, me), Accounts.Json("""{"status":"no_show","notes":"Sick"}""")));
        Assert.Equal("no_show", noShow.Text("status"));
        Assert.Equal(0, await CurrentAttendeesAsync(account, id));
    }

    [Fact]
    public async Task After_the_event_everyone_still_registered_is_marked_no_show_at_once()
    {
        var account = await api.RegisterAsync();
        var id = await account.EventUnderWayAsync();
        var came = await account.RegisterAsync(id, new { user_id = account.UserId });
        await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync("Absent1") });
        await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync("Absent2") });
        await (await account.Client.PostAsync($"{EventUrl(id)}/no-shows", null)).AssertCodeAsync(HttpStatusCode.Conflict, "event_not_over");
        await account.OkAsync(await account.Client.PostAsync($"{AttendeeUrl(id, came)}/check-in", null));
        await account.OkAsync(await account.Client.PostAsync($"{EventUrl(id)}/start", null));
        await account.OkAsync(await account.Client.PostAsync($"{EventUrl(id)}/complete", null));

        var e = await account.OkAsync(await account.Client.PostAsync($"{EventUrl(id)}/no-shows", null));
        Assert.Equal(1, e["current_attendees"]!.GetValue<int>());
        Assert.Equal(2, (await account.AttendeesAsync(id, "?status=no_show")).Count);
        Assert.Single(await account.AttendeesAsync(id, "?status=attended"));
        Assert.Equal(1, await CurrentAttendeesAsync(account, id));

        var other = await api.RegisterAsync();
        await (await other.Client.PostAsync($"{EventUrl(id)}/no-shows", null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_invited_person_takes_a_seat_when_registered()
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync(maxAttendees: 1);
        var invited = await account.RegisterAsync(id, new { user_id = account.UserId, status = "invited" });
        Assert.Equal(0, await CurrentAttendeesAsync(account, id));
        var response = await account.Client.PatchAsync(AttendeeUrl(id, invited), Accounts.Json("""{"status":"registered"}"""));
        var registered = await account.OkAsync(response);
        Assert.Equal("registered", registered.Text("status"));
        Assert.Equal(1, await CurrentAttendeesAsync(account, id));

        // Invited as one of the event's own people, a person is registered without a seat, even when the event is full.
        var organizer = await account.RegisterAsync(id, new { contact_id = await account.ContactIdAsync("Organizer"), status = "invited", role = "organizer" });
        var seatless = await account.OkAsync(await account.Client.PatchAsync(AttendeeUrl(id, organizer), Accounts.Json("""{"status":"registered"}""")));
        Assert.Equal("registered", seatless.Text("status"));
        Assert.Equal(1, await CurrentAttendeesAsync(account, id));

        var stale = new HttpRequestMessage(HttpMethod.Patch, AttendeeUrl(id, invited)) { Content = Accounts.Json("""{"notes":"x"}""") };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        await (await account.Client.SendAsync(stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Theory]
    [InlineData("""{}""", "user_id")]
    [InlineData("""{"user_id":"00000000-0000-0000-0000-000000000001","contact_id":"00000000-0000-0000-0000-000000000002"}""", "contact_id")]
    [InlineData("""{"user_id":"not-a-uuid"}""", "user_id")]
    [InlineData("""{"user_id":"{me}","role":"vip"}""", "role")]
    [InlineData("""{"user_id":"{me}","status":"waitlisted"}""", "status")]
    [InlineData("""{"user_id":"{me}","status":"attended"}""", "status")]
    [InlineData("""{"user_id":"{me}","waitlist_position":1}""", "waitlist_position")]
    [InlineData("""{"user_id":"{me}","event_id":"00000000-0000-0000-0000-000000000001"}""", "event_id")]
    [InlineData("""{"user_id":"{me}","organization_id":"00000000-0000-0000-0000-000000000001"}""", "organization_id")]
    [InlineData("""{"user_id":"{me}","checked_in_at":"2030-01-01T00:00:00Z"}""", "checked_in_at")]
    [InlineData("""{"user_id":"{me}","metadata":"x"}""", "metadata")]
    public async Task Bad_registrations_are_422_and_register_nobody(string json, string field)
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync();
        var body = json.Replace("{me}", account.UserId.ToString(), StringComparison.Ordinal);
        var problem = await (await account.Client.PostAsync($"{EventUrl(id)}/attendees", Accounts.Json(body))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem["errors"]?[field] is not null, problem.ToJsonString());
        Assert.Empty(await account.AttendeesAsync(id));
    }

    [Fact]
    public async Task Oversize_notes_are_422()
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync();
        var body = $$"""{"user_id":"{{account.UserId}}","notes":"{{new string('n', 10_001)}}"}""";
        await (await account.Client.PostAsync($"{EventUrl(id)}/attendees", Accounts.Json(body))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Empty(await account.AttendeesAsync(id));
    }

    [Fact]
    public async Task Bad_attendee_patches_are_422_and_change_nothing()
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync();
        var me = await account.RegisterAsync(id, new { user_id = account.UserId });
        foreach (var json in new[]
        {
            """{"status":"gone"}""", """{"role":"vip"}""", """{"role":null}""", """{"status":null}""", """{"waitlist_position":1}""",
            """{"user_id":"00000000-0000-0000-0000-000000000001"}""", """{"checked_in_at":"2030-01-01T00:00:00Z"}""",
            $$"""{"notes":"{{new string('n', 10_001)}}"}""", """{"metadata":[]}""", """{"notes":5}""",
        })
        {
            await (await account.Client.PatchAsync(AttendeeUrl(id, me), Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        }
        var after = Assert.Single(await account.AttendeesAsync(id));
        Assert.Equal(me.ToJsonString(), after!.ToJsonString());
    }

    [Fact]
    public async Task A_retried_registration_with_the_same_idempotency_key_registers_once()
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync();
        async Task<HttpResponseMessage> Send()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{EventUrl(id)}/attendees") { Content = JsonContent.Create(new { user_id = account.UserId }) };
            request.Headers.Add("Idempotency-Key", "register-me-once");
            return await account.Client.SendAsync(request);
        }
        var first = await Send();
        var second = await Send();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await first.JsonAsync())["id"]!.GetValue<Guid>(), (await second.JsonAsync())["id"]!.GetValue<Guid>());
        Assert.Single(await account.AttendeesAsync(id));
    }

    [Fact]
    public async Task Another_organizations_people_and_attendees_are_404_and_unchanged()
    {
        var mine = await api.RegisterAsync();
        var theirs = await api.RegisterAsync();
        var myEvent = await mine.PublishedEventAsync();
        var theirContact = await theirs.ContactIdAsync();
        await (await mine.Client.PostAsJsonAsync($"{EventUrl(myEvent)}/attendees", new { user_id = theirs.UserId })).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PostAsJsonAsync($"{EventUrl(myEvent)}/attendees", new { contact_id = theirContact })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await mine.AttendeesAsync(myEvent));

        var theirEvent = await theirs.PublishedEventAsync();
        var attendee = await theirs.RegisterAsync(theirEvent, new { contact_id = theirContact });
        var url = AttendeeUrl(theirEvent, attendee);
        await (await mine.Client.PostAsJsonAsync($"{EventUrl(theirEvent)}/attendees", new { user_id = mine.UserId })).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PatchAsync(url, Accounts.Json("""{"status":"cancelled"}"""))).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.DeleteAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PostAsync($"{url}/check-in", null)).ProblemAsync(HttpStatusCode.NotFound);
        // Their attendee through my own event's URL is no better.
        await (await mine.Client.PatchAsync($"{EventUrl(myEvent)}/attendees/{attendee["id"]}", Accounts.Json("""{"status":"cancelled"}"""))).ProblemAsync(HttpStatusCode.NotFound);

        var after = Assert.Single(await theirs.AttendeesAsync(theirEvent));
        Assert.Equal("registered", after!.Text("status"));
        Assert.Equal(1, await CurrentAttendeesAsync(theirs, theirEvent));
    }

    [Fact]
    public async Task A_hundred_simultaneous_registrations_for_ten_seats_seat_ten_and_queue_ninety_in_order()
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync(maxAttendees: 10);
        var contacts = new List<Guid>();
        for (var i = 0; i < 100; i++)
        {
            contacts.Add(await account.ContactIdAsync($"Crowd{i}"));
        }
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        var responses = await Task.WhenAll(contacts.Select((contact, i) =>
            clients[i % clients.Count].PostAsJsonAsync($"{EventUrl(id)}/attendees", new { contact_id = contact })));
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        var all = await account.AttendeesAsync(id, "?limit=1000");
        Assert.Equal(100, all.Count);
        Assert.Equal(10, all.Count(a => a!.Text("status") == "registered"));
        var waitlisted = all.Where(a => a!.Text("status") == "waitlisted").OrderBy(a => a!["waitlist_position"]!.GetValue<int>()).ToList();
        Assert.Equal(Enumerable.Range(1, 90), waitlisted.Select(a => a!["waitlist_position"]!.GetValue<int>()));
        // Strict order: the queue is the order in which registrations were decided.
        var decided = waitlisted.Select(a => a!["created_at"]!.GetValue<DateTime>()).ToList();
        Assert.Equal(decided.Order(), decided);
        Assert.True(all.Where(a => a!.Text("status") == "registered").Max(a => a!["created_at"]!.GetValue<DateTime>()) <= decided[0]);
        Assert.Equal(10, await CurrentAttendeesAsync(account, id));

        // And the first in line gets the next free seat.
        var leaving = all.First(a => a!.Text("status") == "registered")!;
        await account.OkAsync(await account.Client.PatchAsync(AttendeeUrl(id, leaving), Accounts.Json("""{"status":"cancelled"}""")));
        var firstInLine = waitlisted[0]!["id"]!.GetValue<Guid>();
        var now = await account.AttendeesAsync(id, "?limit=1000");
        Assert.Equal("registered", now.Single(a => a!["id"]!.GetValue<Guid>() == firstInLine)!.Text("status"));
        Assert.Equal(Enumerable.Range(1, 89), now.Where(a => a!.Text("status") == "waitlisted").Select(a => a!["waitlist_position"]!.GetValue<int>()).Order());
        Assert.Equal(10, await CurrentAttendeesAsync(account, id));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}

public sealed class AttendeeTestsOnSqlite(SqliteApiFactory api) : AttendeeTests(api), IClassFixture<SqliteApiFactory>;

public sealed class AttendeeTestsOnPostgres(PostgresApiFactory api) : AttendeeTests(api), IClassFixture<PostgresApiFactory>;
