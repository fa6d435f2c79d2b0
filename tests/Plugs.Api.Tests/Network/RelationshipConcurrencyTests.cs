using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Network.NetworkApi;

namespace Plugs.Api.Tests.Network;

/// <summary>
/// A symmetric relationship is one row per pair however it is asked for: parallel creates of A→B
/// and B→A meet the unique edge key (the pair in ascending order), so exactly one is 201 and the
/// others 409 <c>duplicate_relationship</c>, never a second row or a 500.
/// </summary>
public abstract class RelationshipConcurrencyTests(PlugsApiFactory api)
{
    private const int Parallel = 16;
    private const int Rounds = 4;

    [Theory]
    [InlineData("knows")]
    [InlineData("works_with")]
    [InlineData("friend")]
    public async Task Parallel_creates_of_both_directions_make_one_relationship(string type)
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < Rounds; round++)
        {
            var (a, b) = (await ContactAsync(account, $"A{round}"), await ContactAsync(account, $"B{round}"));
            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i =>
                clients[i % clients.Count].PostAsJsonAsync($"/api/v1/contacts/{(i % 2 == 0 ? a : b)}/relationships",
                    new { to_contact_id = i % 2 == 0 ? b : a, relationship_type = type, strength = 1 + i % 5 })));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            {
                var problem = await refused.ProblemAsync(HttpStatusCode.Conflict);
                Assert.Equal("duplicate_relationship", problem["code"]!.GetValue<string>());
            }
            var created = await responses.Single(r => r.StatusCode == HttpStatusCode.Created).JsonAsync();
            foreach (var end in new[] { a, b })
            {
                var listed = Assert.Single(await (await account.Client.GetAsync($"/api/v1/contacts/{end}/relationships")).JsonArrayAsync())!;
                Assert.Equal(created["id"]!.GetValue<Guid>(), listed["id"]!.GetValue<Guid>());
                Assert.Equal("mutual", listed["direction"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task Parallel_creates_of_both_directions_of_a_directed_type_make_one_each()
    {
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < Rounds; round++)
        {
            var (a, b) = (await ContactAsync(account, $"A{round}"), await ContactAsync(account, $"B{round}"));
            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i =>
                clients[i % clients.Count].PostAsJsonAsync($"/api/v1/contacts/{(i % 2 == 0 ? a : b)}/relationships",
                    new { to_contact_id = i % 2 == 0 ? b : a, relationship_type = "mentor" })));

            Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
            Assert.Equal(["incoming", "outgoing"], (await (await account.Client.GetAsync($"/api/v1/contacts/{a}/relationships")).JsonArrayAsync())
                .Select(r => r!["direction"]!.GetValue<string>()).Order());
        }
    }
}

public sealed class RelationshipConcurrencyTestsOnSqlite(SqliteApiFactory api) : RelationshipConcurrencyTests(api), IClassFixture<SqliteApiFactory>;

public sealed class RelationshipConcurrencyTestsOnPostgres(PostgresApiFactory api) : RelationshipConcurrencyTests(api), IClassFixture<PostgresApiFactory>;
