using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugs.Data;
using Plugs.Data.Common;
using Plugs.Api.Tests.Auth;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Data.Contacts;
using Plugs.Data.Events;
using Plugs.Data.Network;
using static Plugs.Api.Tests.Network.NetworkApi;
using Plugs.Api.Tests.Events;

namespace Plugs.Api.Tests.Jobs;

/// <summary>
/// The soft-delete purge: rows deleted more than the retention ago go for good with what hangs off
/// them, in every organization; newer deletions, live rows and rows a live registration still needs stay.
/// </summary>
public abstract class SoftDeletePurgeTests(PlugsApiFactory api)
{
    private static async Task DeleteAsync(Account account, string url) =>
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync(url)).StatusCode);

    private static async Task<Guid> InteractionAsync(Account account, Guid contact)
    {
        var response = await account.Client.PostAsJsonAsync($"/api/v1/contacts/{contact}/interactions", new { interaction_type = "call" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync())["id"]!.GetValue<Guid>();
    }

    [Fact]
    public async Task Rows_past_retention_go_with_their_dependants_and_nothing_else_does()
    {
        await using var host = new FakeClockHost(api);
        var owner = await api.RegisterAsync();
        var other = await api.RegisterAsync(organization: "Other");
        var a = owner with { Client = host.ClientOf(owner) };
        var b = other with { Client = host.ClientOf(other) };

        // Deleted at T0, with everything that hangs off it: an interaction, a tag, a relationship, an introduction.
        var old = await ContactAsync(a, "Old", "plug");
        var keep = await ContactAsync(a, "Keep");
        var oldInteraction = await InteractionAsync(a, old);
        Assert.Equal(HttpStatusCode.OK, (await a.Client.PatchAsJsonAsync($"/api/v1/contacts/{old}/tags", new { add = new[] { "gone" } })).StatusCode);
        await RelationshipAsync(a, old, keep);
        await IntroductionAsync(a, old, keep);
        // A live contact's own interaction deleted at T0, and a live contact's interaction kept.
        var keptInteraction = await InteractionAsync(a, keep);
        var lonelyInteraction = await InteractionAsync(a, keep);
        // An event deleted at T0 with its agenda and an invitation.
        var oldEvent = await a.CreateEventIdAsync();
        Assert.Equal(HttpStatusCode.Created, (await a.Client.PostAsJsonAsync($"{EventApi.EventUrl(oldEvent)}/agenda",
            new { title = "Keynote", start_time = "2030-06-01T09:00:00Z", end_time = "2030-06-01T10:00:00Z" })).StatusCode);
        await a.RegisterAsync(oldEvent, new { contact_id = keep, status = "invited" });
        // A deleted contact still invited to a live event: its registration still needs it.
        var liveEvent = await a.CreateEventIdAsync();
        var registered = await ContactAsync(a, "Registered");
        await a.RegisterAsync(liveEvent, new { contact_id = registered, status = "invited" });
        var otherOld = await ContactAsync(b, "OtherOld");

        await DeleteAsync(a, $"/api/v1/contacts/{old}");
        await DeleteAsync(a, $"/api/v1/interactions/{lonelyInteraction}");
        await DeleteAsync(a, $"{EventApi.EventUrl(oldEvent)}");
        await DeleteAsync(a, $"/api/v1/contacts/{registered}");
        await DeleteAsync(b, $"/api/v1/contacts/{otherOld}");

        // 80 days later: deleted too recently to go.
        host.Clock.Advance(TimeSpan.FromDays(80));
        var recent = await ContactAsync(a, "Recent");
        await DeleteAsync(a, $"/api/v1/contacts/{recent}");
        var otherRecent = await ContactAsync(b, "OtherRecent");
        await DeleteAsync(b, $"/api/v1/contacts/{otherRecent}");

        host.Clock.Advance(TimeSpan.FromDays(11)); // T0 + 91 days: past the 90-day default
        var run = await host.Services.RunJobAsync("soft_delete_purge");
        Assert.Equal("succeeded", run.Outcome);
        Assert.Contains("contacts", run.Summary);
        Assert.Equal(host.Clock.GetUtcNow().UtcDateTime, run.ScheduledAt);
        // The scheduler itself reads the product's clock too.
        Assert.Same(host.Clock, (await host.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler()).TimeProvider);

        var services = host.Services;
        Assert.Equal(0, await services.CountAsync<Contact>(owner.OrganizationId, c => c.Id == old));
        Assert.Equal(0, await services.CountAsync<ContactInteraction>(owner.OrganizationId, i => i.ContactId == old || i.Id == lonelyInteraction));
        Assert.Equal(0, await services.CountAsync<ContactTag>(owner.OrganizationId, t => t.ContactId == old));
        Assert.Equal(0, await services.CountAsync<ContactRelationship>(owner.OrganizationId, r => r.FromContactId == old || r.ToContactId == old));
        Assert.Equal(0, await services.CountAsync<Introduction>(owner.OrganizationId, i => i.PlugContactId == old));
        Assert.Equal(0, await services.CountAsync<Event>(owner.OrganizationId, e => e.Id == oldEvent));
        Assert.Equal(0, await services.CountAsync<EventAgendaItem>(owner.OrganizationId, i => i.EventId == oldEvent));
        Assert.Equal(0, await services.CountAsync<EventAttendee>(owner.OrganizationId, x => x.EventId == oldEvent));
        Assert.Equal(0, await services.CountAsync<Contact>(other.OrganizationId, c => c.Id == otherOld)); // every organization
        Assert.Equal(HttpStatusCode.NotFound, (await a.Client.PostAsync($"/api/v1/contacts/{old}/restore", null)).StatusCode);

        // What stays: live rows, recent deletions (still restorable), the tag itself, a contact a live registration needs.
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync($"/api/v1/interactions/{keptInteraction}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync($"/api/v1/contacts/{keep}")).StatusCode);
        Assert.Single(await (await a.Client.GetAsync("/api/v1/tags/?q=gone")).JsonArrayAsync());
        Assert.Equal(1, await services.CountAsync<Contact>(owner.OrganizationId, c => c.Id == registered));
        Assert.Equal(1, await services.CountAsync<EventAttendee>(owner.OrganizationId, x => x.EventId == liveEvent));
        Assert.Equal(HttpStatusCode.OK, (await a.Client.PostAsync($"/api/v1/contacts/{recent}/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.Client.PostAsync($"/api/v1/contacts/{otherRecent}/restore", null)).StatusCode);

        // Twice is harmless: the second run finds nothing more to delete.
        var again = await host.Services.RunJobAsync("soft_delete_purge");
        Assert.Equal("succeeded", again.Outcome);
        Assert.DoesNotMatch("[1-9]", again.Summary!);
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync($"/api/v1/contacts/{recent}")).StatusCode);
    }

    [Fact]
    public async Task Every_soft_deleted_table_is_purged_except_users_and_organizations()
    {
        // A new soft-deletable table fails here until the purge takes it (or this test says why not).
        var run = await api.Services.RunJobAsync("soft_delete_purge");
        using var scope = api.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<PlugsDbContext>().Model;
        var softDeleted = model.GetEntityTypes().Where(e => typeof(ISoftDeletable).IsAssignableFrom(e.ClrType)).Select(e => e.GetTableName()!);
        var purged = Regex.Matches(run.Summary!, @"(\w+) \d+").Select(m => m.Groups[1].Value);
        Assert.Equal(softDeleted.Except(["users", "organizations"]).Order(StringComparer.Ordinal), purged.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_retention_is_a_setting()
    {
        await using var host = new FakeClockHost(api, new Dictionary<string, string?> { ["Jobs:SoftDeleteRetentionDays"] = "10" });
        var owner = await api.RegisterAsync();
        var a = owner with { Client = host.ClientOf(owner) };
        var contact = await ContactAsync(a, "Short");
        await DeleteAsync(a, $"/api/v1/contacts/{contact}");
        host.Clock.Advance(TimeSpan.FromDays(9));
        await host.Services.RunJobAsync("soft_delete_purge");
        Assert.Equal(1, await host.Services.CountAsync<Contact>(owner.OrganizationId, c => c.Id == contact));
        host.Clock.Advance(TimeSpan.FromDays(2));
        await host.Services.RunJobAsync("soft_delete_purge");
        Assert.Equal(0, await host.Services.CountAsync<Contact>(owner.OrganizationId, c => c.Id == contact));
    }
}

public sealed class SoftDeletePurgeTestsOnSqlite(SqliteApiFactory api) : SoftDeletePurgeTests(api), IClassFixture<SqliteApiFactory>;

public sealed class SoftDeletePurgeTestsOnPostgres(PostgresApiFactory api) : SoftDeletePurgeTests(api), IClassFixture<PostgresApiFactory>;
