using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Plugs.Api.Features.Demo;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Demo;

/// <summary>
/// The README's <c>seed</c>: on a fresh database, a demo a newcomer can explore through the API —
/// users, 300 contacts, multi-hop warm paths, a year of interactions, follow-ups, introductions and
/// three events — the same on every run and on both providers, created once.
/// </summary>
public abstract class DemoSeederTests(PlugsApiFactory api)
{
    private static async Task<HttpClient> SignInAsync(PlugsApiFactory api, string email)
    {
        using var anonymous = api.CreateAnonymousClient();
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = DemoSeeder.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return api.CreateClient((await login.JsonAsync())["access_token"]!.GetValue<string>());
    }

    private static async Task<int> TotalAsync(HttpClient client, string url) =>
        int.Parse((await client.GetAsync(url)).Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<JsonArray> ArrayAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return await response.JsonArrayAsync();
    }

    private static async Task<Guid> ContactIdAsync(HttpClient client, string name) =>
        (await ArrayAsync(client, $"/api/v1/contacts/?q={Uri.EscapeDataString(name)}")).Single()!["id"]!.GetValue<Guid>();

    /// <summary>The best path to a showcase target: "hops: First Last → …" from the starting plug or contact; "none" without one.</summary>
    private static async Task<string> BestPathAsync(HttpClient client, string target, int maxHops = 3)
    {
        var paths = await ArrayAsync(client, $"/api/v1/contacts/{await ContactIdAsync(client, target)}/intro-paths?max_hops={maxHops}");
        return paths.Count == 0
            ? "none"
            : $"{paths[0]!["hops"]}: {string.Join(" → ", paths[0]!["contacts"]!.AsArray().Select(c => $"{c!["first_name"]} {c["last_name"]}"))}";
    }

    /// <summary>What a newcomer sees of the people, in an order both providers agree on.</summary>
    private static async Task<List<string>> PeopleAsync(HttpClient client) =>
        [.. (await ArrayAsync(client, "/api/v1/contacts/?limit=1000"))
            .Select(c => $"{c!["full_name"]}|{c["email"]}|{c["company"]}|{c["job_title"]}|{c["contact_type"]}|{c["status"]}|{string.Join(",", c["tags"]!.AsArray())}|{c["last_interaction"] is not null}")
            .Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Seed_makes_an_explorable_demo_once_the_same_on_every_run()
    {
        using var warmUp = api.CreateAnonymousClient(); // starts the host and migrates
        var seeder = api.Services.GetRequiredService<DemoSeeder>();
        Assert.True(await seeder.SeedAsync());
        Assert.False(await seeder.SeedAsync()); // already seeded: nothing changes
        var client = await SignInAsync(api, DemoSeeder.Email);

        // People: four users who can all sign in, 300 contacts of every type, accents searchable.
        Assert.Equal(4, await TotalAsync(client, "/api/v1/users/?limit=1"));
        await SignInAsync(api, "ana@theplugs.local");
        Assert.Equal(300, await TotalAsync(client, "/api/v1/contacts/?limit=1"));
        Assert.Equal(40, await TotalAsync(client, "/api/v1/contacts/?limit=1&contact_type=plug"));
        Assert.Equal(150, await TotalAsync(client, "/api/v1/contacts/?limit=1&contact_type=target"));
        Assert.Contains("José Martínez", (await ArrayAsync(client, "/api/v1/contacts/?q=jose")).Select(c => c!["full_name"]!.GetValue<string>()));
        Assert.Equal(DemoPeople.TagNames.Length, await TotalAsync(client, "/api/v1/tags/?limit=1"));
        Assert.True(await TotalAsync(client, "/api/v1/contacts/?limit=1&tag=VIP") > 10);
        Assert.Empty(await ArrayAsync(client, "/api/v1/contacts/duplicates"));

        // Warm paths of several hops to the showcase targets, and none shorter.
        Assert.Equal("3: Amara Okafor → Lucas Moreau → Sofía Herrera → Hiroshi Tanaka", await BestPathAsync(client, "Hiroshi Tanaka"));
        Assert.Equal("none", await BestPathAsync(client, "Hiroshi Tanaka", maxHops: 2));
        Assert.Equal("2: José Martínez → Elena Vogel → Priya Raman", await BestPathAsync(client, "Priya Raman"));
        Assert.Equal("2: Chloé Laurent → Théo Martin → Margaux Lefèvre", await BestPathAsync(client, "Margaux Lefèvre"));
        Assert.Equal("2: Søren Nielsen → Ingrid Berg → Björn Lindqvist", await BestPathAsync(client, "Björn Lindqvist"));
        var introductions = await ArrayAsync(client, "/api/v1/introductions/?limit=100");
        Assert.Equal(["accepted", "completed", "declined", "made", "requested"], introductions.Select(i => i!["status"]!.GetValue<string>()).Distinct().Order());

        // A year of interactions of every type; follow-ups due for the admin and for everyone.
        var types = new HashSet<string>();
        var today = DateTime.UtcNow.Date;
        foreach (var plug in await ArrayAsync(client, "/api/v1/contacts/?contact_type=plug&limit=100"))
        {
            foreach (var interaction in await ArrayAsync(client, $"/api/v1/contacts/{plug!["id"]}/interactions?limit=100"))
            {
                types.Add(interaction!["interaction_type"]!.GetValue<string>());
                var date = interaction["interaction_date"]!.GetValue<DateTime>();
                Assert.InRange(date, today.AddDays(-366), today.AddDays(61));
            }
        }
        Assert.Equal(["call", "email", "event", "follow_up", "linkedin", "meeting"], types.Order());
        Assert.NotEmpty(await ArrayAsync(client, "/api/v1/follow-ups/"));
        Assert.True(await TotalAsync(client, "/api/v1/follow-ups/?scope=all&limit=1") >= 20);
        Assert.True(await TotalAsync(client, $"/api/v1/follow-ups/?scope=all&due_before={Uri.EscapeDataString(DateTime.UtcNow.ToString("O"))}&limit=1") > 0); // overdue ones

        // Three events with agendas: a past one with check-ins, a full upcoming one with a waitlist, a draft.
        var events = (await ArrayAsync(client, "/api/v1/events/")).ToDictionary(e => e!["title"]!.GetValue<string>(), e => e!["id"]!.GetValue<Guid>());
        Assert.Equal(3, events.Count);
        var past = await (await client.GetAsync($"/api/v1/events/{events[DemoEvents.Past]}")).JsonAsync();
        Assert.Equal("completed", past["status"]!.GetValue<string>());
        Assert.Equal(31, past["attendee_counts"]!["attended"]!.GetValue<int>());
        Assert.Equal(31, past["current_attendees"]!.GetValue<int>());
        Assert.Equal(5, past["attendee_counts"]!["no_show"]!.GetValue<int>());
        Assert.Equal(7, past["agenda"]!.AsArray().Count);
        var checkedIn = (await ArrayAsync(client, $"/api/v1/events/{events[DemoEvents.Past]}/attendees?status=attended&limit=100"))
            .First(a => a!["contact_id"] is not null)!;
        Assert.Contains(await ArrayAsync(client, $"/api/v1/contacts/{checkedIn["contact_id"]}/interactions?interaction_type=event&limit=100"),
            i => i!["subject"]!.GetValue<string>() == $"Attended {DemoEvents.Past}");

        var upcoming = await (await client.GetAsync($"/api/v1/events/{events[DemoEvents.Upcoming]}")).JsonAsync();
        Assert.Equal("published", upcoming["status"]!.GetValue<string>());
        Assert.Equal(DemoEvents.UpcomingSeats, upcoming["current_attendees"]!.GetValue<int>());
        Assert.Equal(DemoEvents.UpcomingSeats, upcoming["max_attendees"]!.GetValue<int>());
        var waitlist = await ArrayAsync(client, $"/api/v1/events/{events[DemoEvents.Upcoming]}/attendees?status=waitlisted&limit=100");
        Assert.Equal(Enumerable.Range(1, DemoEvents.UpcomingWaitlist), waitlist.Select(a => a!["waitlist_position"]!.GetValue<int>()).Order());
        Assert.NotEmpty(upcoming["agenda"]!.AsArray());
        var draft = await (await client.GetAsync($"/api/v1/events/{events[DemoEvents.Draft]}")).JsonAsync();
        Assert.Equal("draft", draft["status"]!.GetValue<string>());
        Assert.NotEmpty(draft["agenda"]!.AsArray());

        // A second, independent run (on SQLite) makes the same demo.
        var twin = new SqliteApiFactory();
        try
        {
            using (twin.CreateAnonymousClient())
            {
                Assert.True(await twin.Services.GetRequiredService<DemoSeeder>().SeedAsync());
            }
            Assert.Equal(await PeopleAsync(client), await PeopleAsync(await SignInAsync(twin, DemoSeeder.Email)));
        }
        finally
        {
            await ((IAsyncLifetime)twin).DisposeAsync();
        }
    }
}

public sealed class DemoSeederTestsOnSqlite(SqliteApiFactory api) : DemoSeederTests(api), IClassFixture<SqliteApiFactory>;

public sealed class DemoSeederTestsOnPostgres(PostgresApiFactory api) : DemoSeederTests(api), IClassFixture<PostgresApiFactory>;
