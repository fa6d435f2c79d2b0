using System.Net;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Users.UserApi;

namespace Plugs.Api.Tests.Users;

/// <summary>ETag on GET /users/{id}; If-Match on PATCH and DELETE.</summary>
public abstract class UserConcurrencyTests(PlugsApiFactory api)
{
    private static async Task<string> ETagAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync(UserUrl(id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ETagOf(response);
    }

    [Fact]
    public async Task A_user_has_a_strong_etag_that_changes_when_the_user_changes()
    {
        var admin = await api.RegisterAsync();
        var first = await ETagAsync(admin.Client, admin.UserId);
        Assert.Matches("^\"[^\"]+\"$", first);
        Assert.Equal(first, await ETagAsync(admin.Client, admin.UserId));

        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchJsonAsync(UserUrl(admin.UserId), """{"job_title":"CEO"}""")).StatusCode);
        Assert.NotEqual(first, await ETagAsync(admin.Client, admin.UserId));
    }

    [Fact]
    public async Task Patch_with_a_stale_if_match_is_412_and_changes_nothing()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var stale = await ETagAsync(admin.Client, member.UserId);
        Assert.Equal(HttpStatusCode.OK, (await member.Client.PatchJsonAsync(UserUrl(member.UserId), """{"job_title":"Mine"}""")).StatusCode);
        var before = await admin.Client.GetOkAsync(UserUrl(member.UserId));

        var response = await admin.Client.PatchJsonAsync(UserUrl(member.UserId), """{"job_title":"Theirs","is_admin":true}""", stale);
        await response.AssertCodeAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");

        var after = await admin.Client.GetOkAsync(UserUrl(member.UserId));
        AssertUnchanged(before, after);
        Assert.Equal("Mine", after.Text("job_title"));
        Assert.False(after.Flag("is_admin"));
    }

    [Fact]
    public async Task Patch_with_the_current_etag_or_a_wildcard_succeeds()
    {
        var admin = await api.RegisterAsync();
        var current = await ETagAsync(admin.Client, admin.UserId);
        var response = await admin.Client.PatchJsonAsync(UserUrl(admin.UserId), """{"company":"Now"}""", current);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(current, ETagOf(response));

        var wildcard = await admin.Client.PatchJsonAsync(UserUrl(admin.UserId), """{"company":"Any"}""", "*");
        Assert.Equal(HttpStatusCode.OK, wildcard.StatusCode);
        Assert.Equal("Any", (await admin.Client.GetOkAsync(UserUrl(admin.UserId))).Text("company"));
    }

    [Fact]
    public async Task The_etag_a_patch_returns_is_the_current_one()
    {
        var admin = await api.RegisterAsync();
        var etag = await ETagAsync(admin.Client, admin.UserId);
        for (var i = 0; i < 5; i++)
        {
            // A client that chains edits uses the ETag of the previous answer, without re-reading.
            var response = await admin.Client.PatchJsonAsync(UserUrl(admin.UserId), $$"""{"job_title":"Title {{i}}"}""", etag);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"edit {i}: {(int)response.StatusCode} {text}");
            etag = ETagOf(response);
            Assert.Equal(etag, await ETagAsync(admin.Client, admin.UserId));
            var read = await admin.Client.GetOkAsync(UserUrl(admin.UserId));
            Assert.Equal(read["updated_at"]!.GetValue<DateTimeOffset>(), (await response.JsonAsync())["updated_at"]!.GetValue<DateTimeOffset>());
        }
    }

    [Fact]
    public async Task Delete_with_a_stale_if_match_is_412_and_the_user_stays()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var stale = await ETagAsync(admin.Client, member.UserId);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchJsonAsync(UserUrl(member.UserId), """{"bio":"changed"}""")).StatusCode);
        var before = await admin.Client.GetOkAsync(UserUrl(member.UserId));

        await (await admin.Client.DeleteAsync(UserUrl(member.UserId), stale)).AssertCodeAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");

        AssertUnchanged(before, await admin.Client.GetOkAsync(UserUrl(member.UserId)));
        Assert.Equal(HttpStatusCode.OK, (await member.Client.GetAsync(UsersUrl)).StatusCode);

        var current = await ETagAsync(admin.Client, member.UserId);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync(UserUrl(member.UserId), current)).StatusCode);
        await (await admin.Client.GetAsync(UserUrl(member.UserId))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_malformed_if_match_is_412_not_a_server_error()
    {
        var admin = await api.RegisterAsync();
        var before = await admin.Client.GetOkAsync(UserUrl(admin.UserId));
        var response = await admin.Client.PatchJsonAsync(UserUrl(admin.UserId), """{"job_title":"x"}""", "not-an-etag");
        await response.ProblemAsync(HttpStatusCode.PreconditionFailed);
        AssertUnchanged(before, await admin.Client.GetOkAsync(UserUrl(admin.UserId)));
    }
}

public sealed class UserConcurrencyTestsOnSqlite(SqliteApiFactory api) : UserConcurrencyTests(api), IClassFixture<SqliteApiFactory>;

public sealed class UserConcurrencyTestsOnPostgres(PostgresApiFactory api) : UserConcurrencyTests(api), IClassFixture<PostgresApiFactory>;
