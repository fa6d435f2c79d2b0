using System.Net;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Users.UserApi;

namespace Plugs.Api.Tests.Users;

/// <summary>PATCH /users/{id} on profile fields: partial updates, who may edit whom, validation, mass assignment.</summary>
public abstract class UserProfileTests(PlugsApiFactory api)
{
    [Fact]
    public async Task A_member_edits_their_own_profile_partially_absent_fields_stay_and_null_clears()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);

        var response = await member.Client.PatchJsonAsync(UserUrl(member.UserId),
            """{"job_title":"CTO","phone":"+1 (555) 010-0100","company":"Plug Co","bio":"Connector.","avatar_url":"https://cdn.example/a.png","linkedin_url":"https://www.linkedin.com/in/mo"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("CTO", body.Text("job_title"));
        Assert.Equal("+1 (555) 010-0100", body.Text("phone"));
        Assert.Equal("Mo", body.Text("first_name"));
        Assert.Equal("Member", body.Text("last_name"));

        var cleared = await member.Client.PatchJsonAsync(UserUrl(member.UserId), """{"phone":null,"bio":null}""");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var read = await admin.Client.GetOkAsync(UserUrl(member.UserId));
        Assert.Null(read["phone"]);
        Assert.Null(read["bio"]);
        Assert.Equal("CTO", read.Text("job_title"));
        Assert.Equal("Plug Co", read.Text("company"));
        Assert.Equal("https://cdn.example/a.png", read.Text("avatar_url"));
        Assert.Equal("https://www.linkedin.com/in/mo", read.Text("linkedin_url"));
        Assert.Equal(member.Email, read.Text("email"));
        Assert.False(read.Flag("is_admin"));
    }

    [Fact]
    public async Task Names_are_trimmed_and_the_full_name_follows()
    {
        var admin = await api.RegisterAsync();
        var response = await admin.Client.PatchJsonAsync(UserUrl(admin.UserId), """{"first_name":"  Zoe ","last_name":" Zed  "}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var read = await admin.Client.GetOkAsync(UserUrl(admin.UserId));
        Assert.Equal("Zoe", read.Text("first_name"));
        Assert.Equal("Zed", read.Text("last_name"));
        Assert.Equal("Zoe Zed", read.Text("full_name"));
    }

    [Fact]
    public async Task An_empty_patch_changes_nothing()
    {
        var admin = await api.RegisterAsync();
        var before = await admin.Client.GetOkAsync(UserUrl(admin.UserId));
        var response = await admin.Client.PatchJsonAsync(UserUrl(admin.UserId), "{}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertUnchanged(before, await admin.Client.GetOkAsync(UserUrl(admin.UserId)));
    }

    [Fact]
    public async Task An_admin_edits_another_users_profile()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var response = await admin.Client.PatchJsonAsync(UserUrl(member.UserId), """{"job_title":"Head of Plugs"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Head of Plugs", (await member.Client.GetOkAsync(UserUrl(member.UserId))).Text("job_title"));
    }

    [Fact]
    public async Task A_member_editing_someone_else_is_403_and_nothing_changes()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var other = await api.AddMemberAsync(admin);

        foreach (var target in new[] { admin.UserId, other.UserId })
        {
            var before = await admin.Client.GetOkAsync(UserUrl(target));
            var response = await member.Client.PatchJsonAsync(UserUrl(target), """{"first_name":"Hijacked","job_title":"Owned"}""");
            await response.AssertCodeAsync(HttpStatusCode.Forbidden, "admin_required");
            AssertUnchanged(before, await admin.Client.GetOkAsync(UserUrl(target)));
        }
    }

    [Fact]
    public async Task Editing_an_id_that_does_not_exist_is_404_for_members_and_admins()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        foreach (var client in new[] { admin.Client, member.Client })
        {
            var response = await client.PatchJsonAsync(UserUrl(Guid.NewGuid()), """{"first_name":"Ghost"}""");
            await response.AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
            await (await client.GetAsync(UserUrl(Guid.NewGuid()))).ProblemAsync(HttpStatusCode.NotFound);
        }
    }

    public static TheoryData<string, string> InvalidFields => new()
    {
        { $$"""{"first_name":"{{new string('f', 51)}}"}""", "first_name" },
        { """{"first_name":"   "}""", "first_name" },
        { """{"first_name":null}""", "first_name" },
        { """{"last_name":""}""", "last_name" },
        { $$"""{"last_name":"{{new string('l', 51)}}"}""", "last_name" },
        { """{"avatar_url":"ftp://files.example/a.png"}""", "avatar_url" },
        { """{"avatar_url":"not a url"}""", "avatar_url" },
        { $$"""{"avatar_url":"https://cdn.example/{{new string('a', 490)}}"}""", "avatar_url" },
        { """{"linkedin_url":"javascript:alert(1)"}""", "linkedin_url" },
        { """{"phone":"call me maybe"}""", "phone" },
        { """{"phone":"+1 555 0100 0100 0100 0100"}""", "phone" },
        { """{"phone":""}""", "phone" },
        { $$"""{"bio":"{{new string('b', 5001)}}"}""", "bio" },
        { $$"""{"job_title":"{{new string('j', 101)}}"}""", "job_title" },
        { $$"""{"company":"{{new string('c', 101)}}"}""", "company" },
        { """{"first_name":12}""", "first_name" },
        { """{"phone":5550100}""", "phone" },
        { """{"is_admin":"yes"}""", "is_admin" },
        { """{"is_active":null}""", "is_active" },
        { """{"is_admin":null}""", "is_admin" },
        { """{"job_title":"CTO","first_name":""}""", "first_name" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Invalid_fields_are_422_keyed_by_field_and_nothing_changes(string json, string field)
    {
        var admin = await api.RegisterAsync();
        var before = await admin.Client.GetOkAsync(UserUrl(admin.UserId));
        await (await admin.Client.PatchJsonAsync(UserUrl(admin.UserId), json)).AssertInvalidAsync(field);
        AssertUnchanged(before, await admin.Client.GetOkAsync(UserUrl(admin.UserId)));
    }

    [Theory]
    [InlineData("organization_id", "\"00000000-0000-0000-0000-000000000001\"")]
    [InlineData("id", "\"00000000-0000-0000-0000-000000000001\"")]
    [InlineData("email", "\"taken-over@example.test\"")]
    [InlineData("created_at", "\"2000-01-01T00:00:00Z\"")]
    [InlineData("updated_at", "\"2000-01-01T00:00:00Z\"")]
    [InlineData("is_verified", "true")]
    [InlineData("password_hash", "\"x\"")]
    [InlineData("full_name", "\"Someone Else\"")]
    [InlineData("is_deleted", "true")]
    public async Task Fields_a_client_may_not_set_are_422_and_nothing_changes(string field, string value)
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        foreach (var (who, target) in new[] { (member, member.UserId), (admin, member.UserId), (admin, admin.UserId) })
        {
            var before = await admin.Client.GetOkAsync(UserUrl(target));
            var json = $$"""{"job_title":"Sneaky","{{field}}":{{value}}}""";
            await (await who.Client.PatchJsonAsync(UserUrl(target), json)).AssertInvalidAsync(field);
            AssertUnchanged(before, await admin.Client.GetOkAsync(UserUrl(target)));
        }
    }

    [Theory]
    [InlineData("{\"first_name\":")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("null")]
    public async Task A_malformed_or_missing_body_is_400_and_nothing_changes(string raw)
    {
        var admin = await api.RegisterAsync();
        var before = await admin.Client.GetOkAsync(UserUrl(admin.UserId));
        await (await admin.Client.PatchJsonAsync(UserUrl(admin.UserId), raw)).ProblemAsync(HttpStatusCode.BadRequest);
        AssertUnchanged(before, await admin.Client.GetOkAsync(UserUrl(admin.UserId)));
    }
}

public sealed class UserProfileTestsOnSqlite(SqliteApiFactory api) : UserProfileTests(api), IClassFixture<SqliteApiFactory>;

public sealed class UserProfileTestsOnPostgres(PostgresApiFactory api) : UserProfileTests(api), IClassFixture<PostgresApiFactory>;
