using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Events;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Events.EventApi;

namespace Plugs.Api.Tests.Contacts;

/// <summary>
/// <c>last_interaction</c> under parallel writes: every write to a contact's interactions locks
/// the contact first, so the recomputation sees every committed interaction.
/// </summary>
public abstract class InteractionConcurrencyTests(PlugsApiFactory api)
{
    private const int Parallel = 16;
    private const int Rounds = 4;

    private static string Date(int day, int hour) => new DateTime(2026, 1, 1, hour, 0, 0, DateTimeKind.Utc).AddDays(day).ToString("O");

    private static async Task<Guid> ContactAsync(Account account, string name) =>
        (await ContactTests.CreateAsync(account, new { first_name = name, last_name = "Busy" }))["id"]!.GetValue<Guid>();

    /// <summary>The contact's <c>last_interaction</c> equals the latest date of its live, completed interactions.</summary>
    private static async Task AssertLastInteractionAsync(Account account, Guid contactId)
    {
        var completed = await (await account.Client.GetAsync($"/api/v1/contacts/{contactId}/interactions?status=completed&limit=1000")).JsonArrayAsync();
        var expected = completed.Count == 0 ? (DateTime?)null : completed.Max(i => i!["interaction_date"]!.GetValue<DateTime>().ToUniversalTime());
        var contact = await (await account.Client.GetAsync($"/api/v1/contacts/{contactId}")).JsonAsync();
        Assert.Equal(expected, contact["last_interaction"]?.GetValue<DateTime>().ToUniversalTime());
    }

    private static async Task AssertNoServerErrorsAsync(IEnumerable<HttpResponseMessage> responses)
    {
        foreach (var response in responses)
        {
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Parallel_creates_leave_last_interaction_at_the_latest_completed_date()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        var random = new Random(12);
        for (var round = 0; round < Rounds; round++)
        {
            var contact = await ContactAsync(account, $"C{round}");
            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => clients[i % clients.Count].PostAsJsonAsync(
                $"/api/v1/contacts/{contact}/interactions",
                new { interaction_type = "call", interaction_date = Date(random.Next(0, 300), random.Next(0, 24)), status = i % 4 == 3 ? "scheduled" : "completed" })));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            await AssertLastInteractionAsync(account, contact);
        }
    }

    [Fact]
    public async Task Parallel_edits_cancellations_and_deletes_keep_last_interaction_right()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        var random = new Random(34);
        for (var round = 0; round < Rounds; round++)
        {
            var contact = await ContactAsync(account, $"E{round}");
            var ids = new List<Guid>();
            for (var i = 0; i < Parallel; i++)
            {
                var created = await account.Client.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions",
                    new { interaction_type = "meeting", interaction_date = Date(100 + i, 9) });
                ids.Add((await created.JsonAsync())["id"]!.GetValue<Guid>());
            }
            // The latest ones are deleted or cancelled while earlier ones move later and later ones are added.
            var responses = await Task.WhenAll(ids.Select((id, i) =>
            {
                var client = clients[i % clients.Count];
                return (i % 4) switch
                {
                    0 => client.DeleteAsync($"/api/v1/interactions/{id}"),
                    1 => client.PatchAsJsonAsync($"/api/v1/interactions/{id}", new { status = "cancelled" }),
                    2 => client.PatchAsJsonAsync($"/api/v1/interactions/{id}", new { interaction_date = Date(random.Next(0, 300), 12) }),
                    _ => client.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { interaction_type = "email", interaction_date = Date(random.Next(0, 300), 15) }),
                };
            }));
            await AssertNoServerErrorsAsync(responses);
            Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode));
            await AssertLastInteractionAsync(account, contact);
        }
    }

    [Fact]
    public async Task Parallel_event_check_ins_and_creates_keep_last_interaction_right()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        var random = new Random(78);
        for (var round = 0; round < Rounds; round++)
        {
            var contact = await ContactAsync(account, $"G{round}");
            // Check-ins are dated now, the other interactions a little later (completed ones may be up to
            // 5 minutes ahead of the server's clock): a recomputation that misses one of those shows.
            var checkIns = new List<string>();
            for (var i = 0; i < Parallel / 2; i++)
            {
                var eventId = await account.EventUnderWayAsync();
                var attendee = await account.RegisterAsync(eventId, new { contact_id = contact });
                checkIns.Add($"{EventUrl(eventId)}/attendees/{attendee["id"]}/check-in");
            }
            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => i % 2 == 0
                ? clients[i % clients.Count].PostAsync(checkIns[i / 2], null)
                : clients[i % clients.Count].PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions",
                    new { interaction_type = "call", interaction_date = DateTime.UtcNow.AddSeconds(random.Next(30, 240)).ToString("O") })));

            await AssertNoServerErrorsAsync(responses);
            Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode));
            await AssertLastInteractionAsync(account, contact);
        }
    }

    [Fact]
    public async Task Interactions_added_while_their_contact_is_merged_away_land_on_a_live_contact()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        var random = new Random(56);
        for (var round = 0; round < Rounds; round++)
        {
            var survivor = await ContactAsync(account, $"S{round}");
            var duplicate = await ContactAsync(account, $"D{round}");
            var requests = Enumerable.Range(0, Parallel).Select(i => i == Parallel / 2
                ? clients[i % clients.Count].PostAsJsonAsync($"/api/v1/contacts/{survivor}/merge", new { merge_ids = new[] { duplicate } })
                : clients[i % clients.Count].PostAsJsonAsync($"/api/v1/contacts/{(i % 2 == 0 ? survivor : duplicate)}/interactions",
                    new { interaction_type = "call", interaction_date = Date(random.Next(0, 300), 8) }));
            var responses = await Task.WhenAll(requests);

            await AssertNoServerErrorsAsync(responses);
            Assert.Equal(HttpStatusCode.OK, responses[Parallel / 2].StatusCode);
            var added = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
            // Only an interaction for the duplicate, after it was merged away, may be refused (404).
            Assert.All(responses.Where(r => !r.IsSuccessStatusCode), r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
            var onSurvivor = await (await account.Client.GetAsync($"/api/v1/contacts/{survivor}/interactions?limit=1000")).JsonArrayAsync();
            Assert.Equal(added.Count, onSurvivor.Count);
            await AssertLastInteractionAsync(account, survivor);
        }
    }
}

public sealed class InteractionConcurrencyTestsOnSqlite(SqliteApiFactory api) : InteractionConcurrencyTests(api), IClassFixture<SqliteApiFactory>;

public sealed class InteractionConcurrencyTestsOnPostgres(PostgresApiFactory api) : InteractionConcurrencyTests(api), IClassFixture<PostgresApiFactory>;
