using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Users.UserApi;

namespace Plugs.Api.Tests.Organizations;

/// <summary>GET and PATCH /organization: everyone reads their own, only admins change it.</summary>
public abstract class OrganizationTests(PlugsApiFactory api)
{
    private static string NewDomain() => $"o{Guid.NewGuid():N}.example";

    [Fact]
    public async Task Everyone_reads_their_own_organization_with_an_etag()
    {
        var admin = await api.RegisterAsync(organization: "Read Co");
        var member = await api.AddMemberAsync(admin);
        foreach (var client in new[] { admin.Client, member.Client })
        {
            var response = await client.GetAsync(OrganizationUrl);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Matches("^\"[^\"]+\"$", ETagOf(response));
            var body = await response.JsonAsync();
            Assert.Equal(admin.OrganizationId, body["id"]!.GetValue<Guid>());
            Assert.Equal("Read Co", body.Text("name"));
            Assert.Equal("free", body.Text("subscription_plan"));
            Assert.True(body.Flag("is_active"));
            Assert.Equal(System.Text.Json.JsonValueKind.Object, body["settings"]!.GetValueKind());
        }
        using var anonymous = api.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(OrganizationUrl)).StatusCode);
    }

    [Fact]
    public async Task An_admin_changes_name_domain_and_settings_partially()
    {
        var admin = await api.RegisterAsync();
        var domain = NewDomain();
        var response = await admin.Client.PatchJsonAsync(OrganizationUrl,
            $$$"""{"name":"  Renamed Co ","domain":"{{{domain.ToUpperInvariant()}}}","settings":{"theme":"dark","limits":{"seats":5},"tags":["a","b"]}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var read = await admin.Client.GetOkAsync(OrganizationUrl);
        Assert.Equal("Renamed Co", read.Text("name"));
        Assert.Equal(domain, read.Text("domain"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"tags":["a","b"],"limits":{"seats":5},"theme":"dark"}"""), read["settings"]),
            read["settings"]!.ToJsonString());

        // Absent fields stay; null clears the domain; settings are replaced as a whole.
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchJsonAsync(OrganizationUrl, """{"name":"Second Name"}""")).StatusCode);
        read = await admin.Client.GetOkAsync(OrganizationUrl);
        Assert.Equal(domain, read.Text("domain"));
        Assert.Equal("dark", read["settings"]!["theme"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchJsonAsync(OrganizationUrl, """{"domain":null,"settings":{}}""")).StatusCode);
        read = await admin.Client.GetOkAsync(OrganizationUrl);
        Assert.Null(read["domain"]);
        Assert.Empty(read["settings"]!.AsObject());
        Assert.Equal("Second Name", read.Text("name"));
    }

    [Fact]
    public async Task A_member_cannot_change_the_organization()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var before = await admin.Client.GetOkAsync(OrganizationUrl);
        var response = await member.Client.PatchJsonAsync(OrganizationUrl, """{"name":"Taken Over","settings":{"owned":true}}""");
        await response.AssertCodeAsync(HttpStatusCode.Forbidden, "admin_required");
        AssertUnchanged(before, await admin.Client.GetOkAsync(OrganizationUrl));
    }

    [Fact]
    public async Task A_domain_taken_by_another_organization_is_409_and_nothing_changes()
    {
        var domain = NewDomain();
        using (var anonymous = api.CreateAnonymousClient())
        {
            var other = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new
            {
                organization_name = "Owner Of Domain", organization_domain = domain, email = Accounts.NewEmail(),
                password = Accounts.Password, first_name = "O", last_name = "D",
            });
            Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        }
        var admin = await api.RegisterAsync();
        var before = await admin.Client.GetOkAsync(OrganizationUrl);

        foreach (var taken in new[] { domain, domain.ToUpperInvariant() })
        {
            var response = await admin.Client.PatchJsonAsync(OrganizationUrl, $$"""{"name":"Squatter","domain":"{{taken}}"}""");
            await response.AssertCodeAsync(HttpStatusCode.Conflict, "domain_taken");
            AssertUnchanged(before, await admin.Client.GetOkAsync(OrganizationUrl));
        }

        // Setting one's own domain again is no conflict.
        var own = NewDomain();
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchJsonAsync(OrganizationUrl, $$"""{"domain":"{{own}}"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchJsonAsync(OrganizationUrl, $$"""{"domain":"{{own}}"}""")).StatusCode);
    }

    public static TheoryData<string, string> InvalidFields => new()
    {
        { """{"settings":[1,2]}""", "settings" },
        { """{"settings":"theme=dark"}""", "settings" },
        { """{"settings":42}""", "settings" },
        { """{"settings":null}""", "settings" },
        { $$$"""{"settings":{"blob":"{{{new string('s', 66_000)}}}"}}""", "settings" },
        { """{"name":""}""", "name" },
        { """{"name":"   "}""", "name" },
        { """{"name":null}""", "name" },
        { $$"""{"name":"{{new string('n', 256)}}"}""", "name" },
        { """{"name":7}""", "name" },
        { """{"domain":"not a domain"}""", "domain" },
        { """{"domain":"http://example.com"}""", "domain" },
        { """{"domain":true}""", "domain" },
        { """{"subscription_plan":"enterprise"}""", "subscription_plan" },
        { """{"id":"00000000-0000-0000-0000-000000000001"}""", "id" },
        { """{"is_active":false}""", "is_active" },
        { """{"is_deleted":true}""", "is_deleted" },
        { """{"created_at":"2000-01-01T00:00:00Z"}""", "created_at" },
        { """{"name":"Valid","organization_id":"00000000-0000-0000-0000-000000000001"}""", "organization_id" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Invalid_or_forbidden_fields_are_422_keyed_by_field_and_nothing_changes(string json, string field)
    {
        var admin = await api.RegisterAsync();
        var before = await admin.Client.GetOkAsync(OrganizationUrl);
        await (await admin.Client.PatchJsonAsync(OrganizationUrl, json)).AssertInvalidAsync(field);
        AssertUnchanged(before, await admin.Client.GetOkAsync(OrganizationUrl));
    }

    [Theory]
    [InlineData("{\"name\":")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task A_malformed_body_is_400_and_nothing_changes(string raw)
    {
        var admin = await api.RegisterAsync();
        var before = await admin.Client.GetOkAsync(OrganizationUrl);
        await (await admin.Client.PatchJsonAsync(OrganizationUrl, raw)).ProblemAsync(HttpStatusCode.BadRequest);
        AssertUnchanged(before, await admin.Client.GetOkAsync(OrganizationUrl));
    }

    [Fact]
    public async Task Patch_with_a_stale_if_match_is_412_and_changes_nothing_with_the_current_one_it_succeeds()
    {
        var admin = await api.RegisterAsync();
        var stale = ETagOf(await admin.Client.GetAsync(OrganizationUrl));
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchJsonAsync(OrganizationUrl, """{"name":"First Edit"}""", stale)).StatusCode);
        var before = await admin.Client.GetOkAsync(OrganizationUrl);

        await (await admin.Client.PatchJsonAsync(OrganizationUrl, """{"name":"Lost Update"}""", stale))
            .AssertCodeAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        AssertUnchanged(before, await admin.Client.GetOkAsync(OrganizationUrl));

        var current = ETagOf(await admin.Client.GetAsync(OrganizationUrl));
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchJsonAsync(OrganizationUrl, """{"name":"Second Edit"}""", current)).StatusCode);
        Assert.Equal("Second Edit", (await admin.Client.GetOkAsync(OrganizationUrl)).Text("name"));
    }

    [Fact]
    public async Task The_etag_a_patch_returns_is_the_current_one()
    {
        var admin = await api.RegisterAsync();
        var etag = ETagOf(await admin.Client.GetAsync(OrganizationUrl));
        for (var i = 0; i < 5; i++)
        {
            // A client that chains edits uses the ETag of the previous answer, without re-reading.
            var response = await admin.Client.PatchJsonAsync(OrganizationUrl, $$"""{"name":"Edit {{i}}"}""", etag);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"edit {i}: {(int)response.StatusCode} {text}");
            etag = ETagOf(response);
            Assert.Equal(etag, ETagOf(await admin.Client.GetAsync(OrganizationUrl)));
        }
    }
}

public sealed class OrganizationTestsOnSqlite(SqliteApiFactory api) : OrganizationTests(api), IClassFixture<SqliteApiFactory>;

public sealed class OrganizationTestsOnPostgres(PostgresApiFactory api) : OrganizationTests(api), IClassFixture<PostgresApiFactory>;
