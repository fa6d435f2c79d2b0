using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Network.NetworkApi;

namespace Plugs.Api.Tests.Contacts;

/// <summary>
/// What a single-contact read costs PostgreSQL, counted as Npgsql sees it: every command or batch
/// it executes is one round trip and one activity of its "Npgsql" source. The request runs in the
/// test's execution context, so its activities share the trace the test starts.
/// </summary>
public sealed class ContactRoundTripTestsOnPostgres(PostgresApiFactory api) : IClassFixture<PostgresApiFactory>
{
    private static async Task<(T Result, int RoundTrips)> CountAsync<T>(Func<Task<T>> send)
    {
        var seen = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => seen.Add(activity),
        };
        ActivitySource.AddActivityListener(listener);
        T result;
        ActivityTraceId trace;
        using (var scope = new Activity("round trips").Start())
        {
            trace = scope.TraceId;
            result = await send();
        }
        return (result, seen.Count(a => a.Source.Name == "Npgsql" && a.TraceId == trace));
    }

    [Fact]
    public async Task Get_contact_with_interactions_and_relationships_takes_two_round_trips()
    {
        var account = await api.RegisterAsync();
        var contact = await ContactAsync(account, "Rita");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await account.Client.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions",
                new { interaction_type = "call", interaction_date = $"2026-0{i + 1}-01T00:00:00Z" })).StatusCode);
            await RelationshipAsync(account, contact, await ContactAsync(account, $"Friend{i}", "plug"), i + 1, "mentor");
        }

        // The first request on a connection may prepare statements; count a later one.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await account.Client.GetAsync($"/api/v1/contacts/{contact}")).StatusCode);
        }
        var (response, roundTrips) = await CountAsync(() => account.Client.GetAsync($"/api/v1/contacts/{contact}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(3, body["interactions"]!.AsArray().Count);
        Assert.Equal(3, body["relationships"]!.AsArray().Count);
        // The tenant setting with the session check, then the contact, its interactions and its relationships.
        Assert.Equal(2, roundTrips);

        var (missing, missingTrips) = await CountAsync(() => account.Client.GetAsync($"/api/v1/contacts/{Guid.NewGuid()}"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(2, missingTrips);
    }

    [Fact]
    public async Task A_read_ahead_result_serves_only_its_own_request()
    {
        var account = await api.RegisterAsync();
        var contact = await ContactAsync(account, "Rita");
        var first = await (await account.Client.GetAsync($"/api/v1/contacts/{contact}")).JsonAsync();
        Assert.Equal("Rita", first["first_name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await account.Client.PatchAsJsonAsync($"/api/v1/contacts/{contact}", new { first_name = "Rina" })).StatusCode);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal("Rina", (await (await account.Client.GetAsync($"/api/v1/contacts/{contact}")).JsonAsync())["first_name"]!.GetValue<string>());
        }
    }
}
