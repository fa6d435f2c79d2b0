using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Data;

namespace Plugs.Api.Tests.Auth;

/// <summary>Refresh rotation, re-use detection, logout, password change: sessions end at once.</summary>
public abstract class SessionTests(PlugsApiFactory api)
{
    private async Task<HttpResponseMessage> RefreshAsync(string token)
    {
        using var client = api.CreateAnonymousClient();
        return await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = token });
    }

    [Fact]
    public async Task Refresh_rotates_the_refresh_token_and_issues_a_working_access_token()
    {
        var account = await api.RegisterAsync();
        var response = await RefreshAsync(account.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var rotated = body["refresh_token"]!.GetValue<string>();
        Assert.NotEqual(account.RefreshToken, rotated);
        using var client = api.CreateClient(body["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(rotated)).StatusCode);
    }

    /// <summary>An access token lives 15 minutes (+30 s skew) on the API's clock; a refresh then gives a fresh one. Time moves with the fake clock.</summary>
    [Fact]
    public async Task An_access_token_expires_on_the_apis_clock_and_refresh_renews_it()
    {
        await using var host = new FakeClockHost(api);
        var account = await api.RegisterAsync();
        using var anonymous = host.CreateClient();
        var login = await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = Accounts.Password })).JsonAsync();
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", login["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
        host.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(28));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode); // remembered, still valid
        host.Clock.Advance(TimeSpan.FromSeconds(3));
        await (await client.GetAsync("/api/v1/auth/me")).ProblemAsync(HttpStatusCode.Unauthorized);

        var refreshed = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = login["refresh_token"]!.GetValue<string>() });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await refreshed.JsonAsync())["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Reusing_a_rotated_refresh_token_revokes_the_whole_family()
    {
        var account = await api.RegisterAsync();
        var first = await (await RefreshAsync(account.RefreshToken)).JsonAsync();
        var current = first["refresh_token"]!.GetValue<string>();
        var currentAccess = first["access_token"]!.GetValue<string>();

        var reuse = await (await RefreshAsync(account.RefreshToken)).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("refresh_token_reused", reuse["code"]!.GetValue<string>());

        // The thief's copy and the owner's newest token are both dead, and so is the session's access token.
        await (await RefreshAsync(current)).ProblemAsync(HttpStatusCode.Unauthorized);
        using var client = api.CreateClient(currentAccess);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await account.Client.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Other_sessions_survive_when_one_family_is_revoked()
    {
        var account = await api.RegisterAsync();
        using var anonymous = api.CreateAnonymousClient();
        var second = await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = Accounts.Password })).JsonAsync();
        await RefreshAsync(account.RefreshToken);
        await RefreshAsync(account.RefreshToken); // re-use: kills the first family only
        using var other = api.CreateClient(second["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Unknown_or_malformed_refresh_tokens_are_401(string token)
    {
        var problem = await (await RefreshAsync(token)).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_refresh_token", problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refresh_requires_the_token_field()
    {
        using var client = api.CreateAnonymousClient();
        var problem = await (await client.PostAsJsonAsync("/api/v1/auth/refresh", new { })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["refresh_token"]);
    }

    [Fact]
    public async Task Logout_ends_the_session_for_access_and_refresh_tokens_at_once()
    {
        var account = await api.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await account.Client.GetAsync("/api/v1/auth/me")).StatusCode); // cached as live
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await account.Client.GetAsync("/api/v1/auth/me")).StatusCode);
        await (await RefreshAsync(account.RefreshToken)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_without_a_token_is_401()
    {
        using var client = api.CreateAnonymousClient();
        await (await client.PostAsync("/api/v1/auth/logout", null)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Change_password_ends_every_old_session_and_returns_a_new_one()
    {
        var account = await api.RegisterAsync();
        const string newPassword = "an entirely new passphrase";
        var response = await account.Client.PostAsJsonAsync("/api/v1/auth/change-password", new { current_password = Accounts.Password, new_password = newPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fresh = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await account.Client.GetAsync("/api/v1/auth/me")).StatusCode);
        await (await RefreshAsync(account.RefreshToken)).ProblemAsync(HttpStatusCode.Unauthorized);
        using var client = api.CreateClient(fresh["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);

        using var anonymous = api.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = Accounts.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = newPassword })).StatusCode);
    }

    [Fact]
    public async Task Change_password_with_a_wrong_current_password_is_422_and_changes_nothing()
    {
        var account = await api.RegisterAsync();
        var problem = await (await account.Client.PostAsJsonAsync("/api/v1/auth/change-password", new { current_password = "not my password", new_password = "an entirely new passphrase" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["current_password"]);
        Assert.Equal(HttpStatusCode.OK, (await account.Client.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Change_password_validates_the_new_password()
    {
        var account = await api.RegisterAsync();
        var tooShort = await (await account.Client.PostAsJsonAsync("/api/v1/auth/change-password", new { current_password = Accounts.Password, new_password = "short" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(tooShort["errors"]!["new_password"]);
        var same = await (await account.Client.PostAsJsonAsync("/api/v1/auth/change-password", new { current_password = Accounts.Password, new_password = Accounts.Password }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(same["errors"]!["new_password"]);
    }

    [Fact]
    public async Task Deactivating_a_user_refuses_their_tokens_at_once()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await member.Client.GetAsync("/api/v1/auth/me")).StatusCode);

        var patch = await admin.Client.PatchAsJsonAsync($"/api/v1/users/{member.UserId}", new { is_active = false });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await member.Client.GetAsync("/api/v1/auth/me")).StatusCode);
        await (await RefreshAsync(member.RefreshToken)).ProblemAsync(HttpStatusCode.Unauthorized);
        using var anonymous = api.CreateAnonymousClient();
        var login = await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = member.Email, password = Accounts.Password }))
            .ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("account_disabled", login["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Demoting_an_admin_takes_effect_on_their_next_request()
    {
        var admin = await api.RegisterAsync();
        var second = await api.AddMemberAsync(admin, isAdmin: true);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync("/api/v1/auth/invitations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{second.UserId}", new { is_admin = false })).StatusCode);
        await (await second.Client.GetAsync("/api/v1/auth/invitations")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>
    /// Each condition of the per-request session check on its own, changed in the database behind
    /// the API's back (no endpoint, so no revocation on the side): the next request is refused,
    /// while another organization's session carries on.
    /// </summary>
    [Theory]
    [InlineData("session revoked")]
    [InlineData("session expired")]
    [InlineData("user deactivated")]
    [InlineData("user deleted")]
    [InlineData("organization deactivated")]
    [InlineData("organization deleted")]
    public async Task Every_condition_of_the_session_check_binds_the_next_request(string change)
    {
        var account = await api.RegisterAsync();
        var bystander = await api.RegisterAsync();
        Assert.Equal(HttpStatusCode.OK, (await account.Client.GetAsync("/api/v1/auth/me")).StatusCode);

        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlugsDbContext>();
            db.Tenant.Enter(account.OrganizationId);
            // One column each, set in SQL: tracked entities would cascade a removal to their dependents.
            var families = db.RefreshTokenFamilies.Where(f => f.UserId == account.UserId);
            var users = db.Users.Where(u => u.Id == account.UserId);
            var organizations = db.Organizations.Where(o => o.Id == account.OrganizationId);
            var changed = change switch
            {
                "session revoked" => await families.ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, DateTime.UtcNow)),
                "session expired" => await families.ExecuteUpdateAsync(s => s.SetProperty(f => f.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))),
                "user deactivated" => await users.ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)),
                "user deleted" => await users.ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDeleted, true)),
                "organization deactivated" => await organizations.ExecuteUpdateAsync(s => s.SetProperty(o => o.IsActive, false)),
                "organization deleted" => await organizations.ExecuteUpdateAsync(s => s.SetProperty(o => o.IsDeleted, true)),
                _ => throw new ArgumentOutOfRangeException(nameof(change)),
            };
            Assert.Equal(1, changed);
        }

        await (await account.Client.GetAsync("/api/v1/auth/me")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await account.Client.GetAsync("/api/v1/contacts/")).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await bystander.Client.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Promoting_a_member_takes_effect_on_their_next_request()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        await (await member.Client.GetAsync("/api/v1/auth/invitations")).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{member.UserId}", new { is_admin = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.Client.GetAsync("/api/v1/auth/invitations")).StatusCode);
    }
}

public sealed class SessionTestsOnSqlite(SqliteApiFactory api) : SessionTests(api), IClassFixture<SqliteApiFactory>;

public sealed class SessionTestsOnPostgres(PostgresApiFactory api) : SessionTests(api), IClassFixture<PostgresApiFactory>;
