using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Auth;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Data.Auth;

namespace Plugs.Api.Tests.Jobs;

/// <summary>The expired-token purge: sessions, one-time tokens and invitations that ended over a week ago, in every organization.</summary>
public abstract class ExpiredTokenPurgeTests(PlugsApiFactory api)
{
    private static async Task<Guid> InviteAsync(Account admin)
    {
        var response = await admin.Client.PostAsJsonAsync("/api/v1/auth/invitations", new { email = Accounts.NewEmail("invitee") });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync())["id"]!.GetValue<Guid>();
    }

    [Fact]
    public async Task What_ended_more_than_the_retention_ago_goes_and_what_can_still_be_used_stays()
    {
        await using var host = new FakeClockHost(api);
        var owner = await api.RegisterAsync();
        var other = await api.RegisterAsync(organization: "Other");
        await api.AddMemberAsync(owner); // an accepted invitation: kept, it records how the member joined
        var a = owner with { Client = host.ClientOf(owner) };
        var b = other with { Client = host.ClientOf(other) };
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync("/api/v1/auth/me")).StatusCode); // a session at T0
        Assert.Equal(HttpStatusCode.OK, (await b.Client.GetAsync("/api/v1/auth/me")).StatusCode);
        var expiring = await InviteAsync(a);
        var revoked = await InviteAsync(a);
        Assert.Equal(HttpStatusCode.NoContent, (await a.Client.DeleteAsync($"/api/v1/auth/invitations/{revoked}")).StatusCode);

        // 40 days on: the T0 sessions (30 days) expired 10 days ago, the invitations (7 days) 33 days ago.
        host.Clock.Advance(TimeSpan.FromDays(40));
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync("/api/v1/auth/me")).StatusCode); // signs in again: a new session
        var pending = await InviteAsync(a);
        var cutoff = host.Clock.GetUtcNow().UtcDateTime.AddDays(-7);

        var run = await host.Services.RunJobAsync("expired_token_purge");
        Assert.Equal("succeeded", run.Outcome);

        var services = host.Services;
        Assert.Equal(0, await services.CountAsync<RefreshTokenFamily>(owner.OrganizationId, f => f.ExpiresAt < cutoff));
        Assert.Equal(0, await services.CountAsync<RefreshTokenFamily>(other.OrganizationId)); // every organization
        Assert.Equal(1, await services.CountAsync<RefreshTokenFamily>(owner.OrganizationId));
        Assert.Equal(0, await services.CountAsync<RefreshToken>(owner.OrganizationId, t => t.ExpiresAt < cutoff));
        Assert.Equal(0, await services.CountAsync<UserToken>(owner.OrganizationId, t => t.ExpiresAt < cutoff));
        Assert.Equal(0, await services.CountAsync<Invitation>(owner.OrganizationId, i => i.Id == expiring || i.Id == revoked));
        Assert.Equal(1, await services.CountAsync<Invitation>(owner.OrganizationId, i => i.Id == pending));
        Assert.Equal(1, await services.CountAsync<Invitation>(owner.OrganizationId, i => i.AcceptedAt != null));
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync("/api/v1/auth/me")).StatusCode); // the live session still works

        var again = await host.Services.RunJobAsync("expired_token_purge");
        Assert.Equal("succeeded", again.Outcome);
        Assert.DoesNotMatch("[1-9]", again.Summary!);
        Assert.Equal(1, await services.CountAsync<RefreshTokenFamily>(owner.OrganizationId));
    }
}

public sealed class ExpiredTokenPurgeTestsOnSqlite(SqliteApiFactory api) : ExpiredTokenPurgeTests(api), IClassFixture<SqliteApiFactory>;

public sealed class ExpiredTokenPurgeTestsOnPostgres(PostgresApiFactory api) : ExpiredTokenPurgeTests(api), IClassFixture<PostgresApiFactory>;
