using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Users.UserApi;

namespace Plugs.Api.Tests.Users;

/// <summary>is_admin and is_active: only admins change them, the last active admin stays, and changes bite at once.</summary>
public abstract class UserAccessTests(PlugsApiFactory api)
{
    [Theory]
    [InlineData("""{"is_admin":true}""")]
    [InlineData("""{"is_admin":false}""")]
    [InlineData("""{"is_active":false}""")]
    [InlineData("""{"is_active":true,"job_title":"Boss"}""")]
    public async Task Nobody_can_make_themself_admin_or_change_their_own_access(string json)
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var before = await admin.Client.GetOkAsync(UserUrl(member.UserId));

        await (await member.Client.PatchJsonAsync(UserUrl(member.UserId), json)).AssertCodeAsync(HttpStatusCode.Forbidden, "admin_required");

        AssertUnchanged(before, await admin.Client.GetOkAsync(UserUrl(member.UserId)));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.GetAsync(InvitationsUrl)).StatusCode);
    }

    [Fact]
    public async Task Promotion_and_demotion_apply_to_the_users_existing_token_at_once()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.GetAsync(InvitationsUrl)).StatusCode);

        var promoted = await admin.Client.PatchJsonAsync(UserUrl(member.UserId), """{"is_admin":true}""");
        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.True((await promoted.JsonAsync()).Flag("is_admin"));
        Assert.Equal(HttpStatusCode.OK, (await member.Client.GetAsync(InvitationsUrl)).StatusCode);

        var demoted = await admin.Client.PatchJsonAsync(UserUrl(member.UserId), """{"is_admin":false}""");
        Assert.Equal(HttpStatusCode.OK, demoted.StatusCode);
        Assert.False((await admin.Client.GetOkAsync(UserUrl(member.UserId))).Flag("is_admin"));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.GetAsync(InvitationsUrl)).StatusCode);
    }

    [Theory]
    [InlineData("""{"is_admin":false}""")]
    [InlineData("""{"is_active":false}""")]
    [InlineData("""{"is_admin":false,"is_active":false}""")]
    public async Task The_last_active_admin_cannot_be_demoted_or_deactivated(string json)
    {
        var admin = await api.RegisterAsync();
        await api.AddMemberAsync(admin);
        var before = await admin.Client.GetOkAsync(UserUrl(admin.UserId));

        await (await admin.Client.PatchJsonAsync(UserUrl(admin.UserId), json)).AssertCodeAsync(HttpStatusCode.Conflict, "last_admin");

        AssertUnchanged(before, await admin.Client.GetOkAsync(UserUrl(admin.UserId)));
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync(InvitationsUrl)).StatusCode);
    }

    [Fact]
    public async Task An_inactive_admin_does_not_count_as_another_admin()
    {
        var admin = await api.RegisterAsync();
        var other = await api.AddMemberAsync(admin, isAdmin: true);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchJsonAsync(UserUrl(other.UserId), """{"is_active":false}""")).StatusCode);
        var before = await admin.Client.GetOkAsync(UserUrl(admin.UserId));

        await (await admin.Client.PatchJsonAsync(UserUrl(admin.UserId), """{"is_admin":false}""")).AssertCodeAsync(HttpStatusCode.Conflict, "last_admin");
        AssertUnchanged(before, await admin.Client.GetOkAsync(UserUrl(admin.UserId)));

        // Once the other admin is active again, the first may step down.
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchJsonAsync(UserUrl(other.UserId), """{"is_active":true}""")).StatusCode);
        var stepDown = await admin.Client.PatchJsonAsync(UserUrl(admin.UserId), """{"is_admin":false}""");
        Assert.Equal(HttpStatusCode.OK, stepDown.StatusCode);
        Assert.False((await stepDown.JsonAsync()).Flag("is_admin"));
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.Client.GetAsync(InvitationsUrl)).StatusCode);
    }

    [Fact]
    public async Task After_one_admin_demotes_the_other_the_remaining_admin_cannot_leave()
    {
        var admin = await api.RegisterAsync();
        var other = await api.AddMemberAsync(admin, isAdmin: true);
        // The other admin demotes the first; now "other" is the only admin left.
        Assert.Equal(HttpStatusCode.OK, (await other.Client.PatchJsonAsync(UserUrl(admin.UserId), """{"is_admin":false}""")).StatusCode);
        var before = await other.Client.GetOkAsync(UserUrl(other.UserId));

        await (await other.Client.PatchJsonAsync(UserUrl(other.UserId), """{"is_active":false}""")).AssertCodeAsync(HttpStatusCode.Conflict, "last_admin");
        // The demoted first admin cannot undo it himself.
        await (await admin.Client.PatchJsonAsync(UserUrl(other.UserId), """{"is_admin":false}""")).ProblemAsync(HttpStatusCode.Forbidden);
        AssertUnchanged(before, await other.Client.GetOkAsync(UserUrl(other.UserId)));
    }

    [Fact]
    public async Task Deactivation_ends_the_users_sessions_at_once_and_reactivation_lets_them_sign_in_again()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await member.Client.GetAsync(UsersUrl)).StatusCode);

        var response = await admin.Client.PatchJsonAsync(UserUrl(member.UserId), """{"is_active":false}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.JsonAsync()).Flag("is_active"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await member.Client.GetAsync(UsersUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.Client.PatchJsonAsync(UserUrl(member.UserId), """{"job_title":"x"}""")).StatusCode);
        // The right password of a deactivated account says so; a wrong one says nothing.
        await (await api.LoginAsync(member.Email)).AssertCodeAsync(HttpStatusCode.Forbidden, "account_disabled");
        await (await api.LoginAsync(member.Email, "wrong password!")).AssertCodeAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        using (var anonymous = api.CreateAnonymousClient())
        {
            var refresh = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = member.RefreshToken });
            Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        }
        Assert.Null((await admin.Client.GetOkAsync(UserUrl(member.UserId)))["job_title"]);

        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchJsonAsync(UserUrl(member.UserId), """{"is_active":true}""")).StatusCode);
        var login = await api.LoginAsync(member.Email);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var again = api.CreateClient((await login.JsonAsync()).Text("access_token"));
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync(UsersUrl)).StatusCode);
    }

    [Fact]
    public async Task An_admin_may_deactivate_themself_while_another_active_admin_remains()
    {
        var admin = await api.RegisterAsync();
        var other = await api.AddMemberAsync(admin, isAdmin: true);

        var response = await admin.Client.PatchJsonAsync(UserUrl(admin.UserId), """{"is_active":false}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.Client.GetAsync(UsersUrl)).StatusCode);
        Assert.False((await other.Client.GetOkAsync(UserUrl(admin.UserId))).Flag("is_active"));
    }
}

public sealed class UserAccessTestsOnSqlite(SqliteApiFactory api) : UserAccessTests(api), IClassFixture<SqliteApiFactory>;

public sealed class UserAccessTestsOnPostgres(PostgresApiFactory api) : UserAccessTests(api), IClassFixture<PostgresApiFactory>;
