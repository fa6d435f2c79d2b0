using System.Net;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Users.UserApi;

namespace Plugs.Api.Tests.Users;

/// <summary>DELETE /users/{id} (admin-only soft delete) and POST /users/{id}/restore.</summary>
public abstract class UserDeleteTests(PlugsApiFactory api)
{
    [Fact]
    public async Task An_admin_soft_deletes_a_user_who_disappears_and_can_no_longer_sign_in()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await member.Client.GetAsync(UsersUrl)).StatusCode);

        var response = await admin.Client.DeleteAsync(UserUrl(member.UserId));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength ?? 0);

        await (await admin.Client.GetAsync(UserUrl(member.UserId))).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
        var list = await admin.Client.GetAsync(UsersUrl);
        Assert.Equal([admin.UserId], (await list.JsonArrayAsync()).Ids());
        Assert.Equal(1, list.TotalCount());
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.Client.GetAsync(UsersUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginAsync(member.Email)).StatusCode);

        // Gone means gone for every verb.
        await (await admin.Client.PatchJsonAsync(UserUrl(member.UserId), """{"job_title":"x"}""")).ProblemAsync(HttpStatusCode.NotFound);
        await (await admin.Client.DeleteAsync(UserUrl(member.UserId))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_member_cannot_delete_anyone_and_nothing_changes()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var other = await api.AddMemberAsync(admin);

        foreach (var target in new[] { admin.UserId, other.UserId, member.UserId })
        {
            var before = await admin.Client.GetOkAsync(UserUrl(target));
            await (await member.Client.DeleteAsync(UserUrl(target))).AssertCodeAsync(HttpStatusCode.Forbidden, "admin_required");
            AssertUnchanged(before, await admin.Client.GetOkAsync(UserUrl(target)));
        }
        Assert.Equal(3, (await admin.Client.GetAsync(UsersUrl)).TotalCount());
        // Refused before any lookup: the same answer for an id that does not exist.
        await (await member.Client.DeleteAsync(UserUrl(Guid.NewGuid()))).AssertCodeAsync(HttpStatusCode.Forbidden, "admin_required");
        Assert.Equal(HttpStatusCode.OK, (await api.LoginAsync(other.Email)).StatusCode);
    }

    [Fact]
    public async Task Deleting_yourself_is_409_and_changes_nothing()
    {
        var admin = await api.RegisterAsync();
        var coAdmin = await api.AddMemberAsync(admin, isAdmin: true);
        foreach (var who in new[] { admin, coAdmin })
        {
            var before = await who.Client.GetOkAsync(UserUrl(who.UserId));
            await (await who.Client.DeleteAsync(UserUrl(who.UserId))).AssertCodeAsync(HttpStatusCode.Conflict, "cannot_delete_self");
            AssertUnchanged(before, await who.Client.GetOkAsync(UserUrl(who.UserId)));
        }
    }

    [Fact]
    public async Task An_admin_deletes_another_admin_while_remaining_one()
    {
        var admin = await api.RegisterAsync();
        var coAdmin = await api.AddMemberAsync(admin, isAdmin: true);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync(UserUrl(coAdmin.UserId))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await coAdmin.Client.GetAsync(UsersUrl)).StatusCode);
        await (await admin.Client.GetAsync(UserUrl(coAdmin.UserId))).ProblemAsync(HttpStatusCode.NotFound);
        // The survivor is now the last admin.
        await (await admin.Client.PatchJsonAsync(UserUrl(admin.UserId), """{"is_admin":false}""")).AssertCodeAsync(HttpStatusCode.Conflict, "last_admin");
    }

    [Fact]
    public async Task Restore_brings_a_deleted_user_back()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchJsonAsync(UserUrl(member.UserId), """{"job_title":"Kept"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync(UserUrl(member.UserId))).StatusCode);

        var response = await admin.Client.RestoreAsync(member.UserId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(member.UserId, body["id"]!.GetValue<Guid>());
        Assert.Equal(member.Email, body.Text("email"));

        var read = await admin.Client.GetOkAsync(UserUrl(member.UserId));
        Assert.Equal("Kept", read.Text("job_title"));
        Assert.True(read.Flag("is_active"));
        Assert.Contains(member.UserId, (await admin.Client.ListOkAsync(UsersUrl)).Ids());
        var login = await api.LoginAsync(member.Email);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(member.UserId, (await login.JsonAsync())["user"]!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Only_admins_restore_and_only_deleted_users_of_the_organization()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var deleted = await api.AddMemberAsync(admin);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync(UserUrl(deleted.UserId))).StatusCode);

        await (await member.Client.RestoreAsync(deleted.UserId)).AssertCodeAsync(HttpStatusCode.Forbidden, "admin_required");
        await (await admin.Client.GetAsync(UserUrl(deleted.UserId))).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginAsync(deleted.Email)).StatusCode);

        // A live user has nothing to restore; an unknown id does not exist.
        var before = await admin.Client.GetOkAsync(UserUrl(member.UserId));
        await (await admin.Client.RestoreAsync(member.UserId)).ProblemAsync(HttpStatusCode.NotFound);
        AssertUnchanged(before, await admin.Client.GetOkAsync(UserUrl(member.UserId)));
        await (await admin.Client.RestoreAsync(Guid.NewGuid())).ProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class UserDeleteTestsOnSqlite(SqliteApiFactory api) : UserDeleteTests(api), IClassFixture<SqliteApiFactory>;

public sealed class UserDeleteTestsOnPostgres(PostgresApiFactory api) : UserDeleteTests(api), IClassFixture<PostgresApiFactory>;
