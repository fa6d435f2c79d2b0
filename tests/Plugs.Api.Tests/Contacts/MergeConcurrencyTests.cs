using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Contacts;

/// <summary>
/// Merges racing each other: the contacts of a merge are locked in one order, so of merges that
/// share a contact exactly one wins, the others answer 409 (or 404) and change nothing.
/// </summary>
public abstract class MergeConcurrencyTests(PlugsApiFactory api)
{
    private const int Parallel = 16;
    private const int Rounds = 4;

    private static async Task<Guid> ContactAsync(Account account, string name, string tag, string date)
    {
        var id = (await ContactTests.CreateAsync(account, new { first_name = name, last_name = "Race", tags = new[] { tag } }))["id"]!.GetValue<Guid>();
        var interaction = await account.Client.PostAsJsonAsync($"/api/v1/contacts/{id}/interactions", new { interaction_type = "call", interaction_date = date });
        Assert.Equal(HttpStatusCode.Created, interaction.StatusCode);
        return id;
    }

    private static Task<HttpResponseMessage> MergeAsync(HttpClient client, Guid survivor, Guid duplicate) =>
        client.PostAsJsonAsync($"/api/v1/contacts/{survivor}/merge", new { merge_ids = new[] { duplicate } });

    /// <summary>Exactly one 200; every other answer is 409 <c>merge_conflict</c> or 404, never a 5xx.</summary>
    private static async Task AssertOneWinnerAsync(HttpResponseMessage[] responses)
    {
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            var problem = await response.ProblemAsync(response.StatusCode == HttpStatusCode.Conflict ? HttpStatusCode.Conflict : HttpStatusCode.NotFound);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                Assert.Equal("merge_conflict", problem["code"]!.GetValue<string>());
            }
        }
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
    }

    private static async Task<bool> IsLiveAsync(Account account, Guid id) =>
        (await account.Client.GetAsync($"/api/v1/contacts/{id}")).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task Merges_in_opposite_directions_at_once_leave_one_contact_holding_both()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < Rounds; round++)
        {
            var x = await ContactAsync(account, $"X{round}", "from-x", "2026-03-01T10:00:00Z");
            var y = await ContactAsync(account, $"Y{round}", "from-y", "2026-04-01T10:00:00Z");

            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i =>
                i % 2 == 0 ? MergeAsync(clients[i % clients.Count], x, y) : MergeAsync(clients[i % clients.Count], y, x)));

            await AssertOneWinnerAsync(responses);
            var live = new List<Guid>();
            foreach (var id in new[] { x, y })
            {
                if (await IsLiveAsync(account, id))
                {
                    live.Add(id);
                }
            }
            var survivor = await (await account.Client.GetAsync($"/api/v1/contacts/{Assert.Single(live)}")).JsonAsync();
            Assert.Equal(2, survivor["interactions"]!.AsArray().Count);
            Assert.Equal(["from-x", "from-y"], survivor["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
            Assert.Equal(DateTime.Parse("2026-04-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime(),
                survivor["last_interaction"]!.GetValue<DateTime>().ToUniversalTime());
        }
    }

    [Fact]
    public async Task One_duplicate_merged_into_many_survivors_at_once_goes_to_exactly_one()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < Rounds; round++)
        {
            var duplicate = await ContactAsync(account, $"D{round}", "dup", "2026-05-01T10:00:00Z");
            var survivors = new List<Guid>();
            for (var i = 0; i < Parallel; i++)
            {
                survivors.Add((await ContactTests.CreateAsync(account, new { first_name = $"S{round}-{i}", last_name = "Race" }))["id"]!.GetValue<Guid>());
            }

            var responses = await Task.WhenAll(survivors.Select((s, i) => MergeAsync(clients[i % clients.Count], s, duplicate)));

            await AssertOneWinnerAsync(responses);
            Assert.False(await IsLiveAsync(account, duplicate));
            var winner = survivors[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK)];
            foreach (var survivor in survivors)
            {
                var detail = await (await account.Client.GetAsync($"/api/v1/contacts/{survivor}")).JsonAsync();
                Assert.Equal(survivor == winner ? 1 : 0, detail["interactions"]!.AsArray().Count);
                Assert.Equal(survivor == winner ? ["dup"] : [], detail["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
            }
        }
    }
}

public sealed class MergeConcurrencyTestsOnSqlite(SqliteApiFactory api) : MergeConcurrencyTests(api), IClassFixture<SqliteApiFactory>;

public sealed class MergeConcurrencyTestsOnPostgres(PostgresApiFactory api) : MergeConcurrencyTests(api), IClassFixture<PostgresApiFactory>;
