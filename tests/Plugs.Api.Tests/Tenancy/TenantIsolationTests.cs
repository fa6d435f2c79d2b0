using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Users.UserApi;

namespace Plugs.Api.Tests.Tenancy;

/// <summary>
/// Another organization's id is indistinguishable from a missing one (DESIGN §4): 404, never 403,
/// never data, and nothing changes on the other side.
/// </summary>
public abstract class TenantIsolationTests(PlugsApiFactory api)
{
    /// <summary>What organization B looks like through B's own eyes.</summary>
    private sealed record Snapshot(JsonObject Organization, JsonArray Users, JsonArray Invitations);

    private sealed record World(Account AdminA, Account MemberA, Account AdminB, Account MemberB, Account DeletedB, JsonObject InvitationB);

    private async Task<World> TwoOrganizationsAsync()
    {
        var adminA = await api.RegisterAsync(organization: "Org A");
        var memberA = await api.AddMemberAsync(adminA);
        var adminB = await api.RegisterAsync(organization: "Org B");
        var memberB = await api.AddMemberAsync(adminB);
        var deletedB = await api.AddMemberAsync(adminB);
        Assert.Equal(HttpStatusCode.NoContent, (await adminB.Client.DeleteAsync(UserUrl(deletedB.UserId))).StatusCode);
        var invitationB = await adminB.InviteAsync(Accounts.NewEmail("b-invitee"));
        return new World(adminA, memberA, adminB, memberB, deletedB, invitationB);
    }

    private static async Task<Snapshot> SnapshotAsync(World w) => new(
        await w.AdminB.Client.GetOkAsync(OrganizationUrl),
        await w.AdminB.Client.ListOkAsync(UsersUrl),
        await w.AdminB.Client.ListOkAsync(InvitationsUrl));

    private static void AssertSame(Snapshot before, Snapshot after)
    {
        AssertUnchanged(before.Organization, after.Organization);
        AssertUnchanged(before.Users, after.Users);
        AssertUnchanged(before.Invitations, after.Invitations);
    }

    [Fact]
    public async Task Reading_another_organizations_user_is_404_like_a_missing_id()
    {
        var w = await TwoOrganizationsAsync();
        foreach (var client in new[] { w.AdminA.Client, w.MemberA.Client })
        {
            foreach (var id in new[] { w.AdminB.UserId, w.MemberB.UserId, w.DeletedB.UserId })
            {
                var foreign = await (await client.GetAsync(UserUrl(id))).ProblemAsync(HttpStatusCode.NotFound);
                var missing = await (await client.GetAsync(UserUrl(Guid.NewGuid()))).ProblemAsync(HttpStatusCode.NotFound);
                Assert.Equal(missing["detail"]!.GetValue<string>(), foreign["detail"]!.GetValue<string>());
                Assert.Equal("not_found", foreign.Text("code"));
            }
        }
    }

    [Fact]
    public async Task Writing_to_another_organizations_users_is_404_and_changes_nothing()
    {
        var w = await TwoOrganizationsAsync();
        var before = await SnapshotAsync(w);

        foreach (var who in new[] { w.AdminA, w.MemberA })
        {
            foreach (var id in new[] { w.AdminB.UserId, w.MemberB.UserId })
            {
                await (await who.Client.PatchJsonAsync(UserUrl(id), """{"first_name":"Pwned","job_title":"x"}""")).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
                await (await who.Client.PatchJsonAsync(UserUrl(id), """{"is_admin":false,"is_active":false}""")).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
                await (await who.Client.PatchJsonAsync(UserUrl(id), """{"job_title":"x"}""", "*")).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
                // Deleting and restoring are an admin's: a member is refused before any lookup, for
                // every id alike, so the answer says nothing about the other organization either.
                var (status, code) = who == w.AdminA ? (HttpStatusCode.NotFound, "not_found") : (HttpStatusCode.Forbidden, "admin_required");
                await (await who.Client.DeleteAsync(UserUrl(id))).AssertCodeAsync(status, code);
            }
            var (restoreStatus, restoreCode) = who == w.AdminA ? (HttpStatusCode.NotFound, "not_found") : (HttpStatusCode.Forbidden, "admin_required");
            await (await who.Client.RestoreAsync(w.DeletedB.UserId)).AssertCodeAsync(restoreStatus, restoreCode);
            await (await who.Client.RestoreAsync(w.MemberB.UserId)).AssertCodeAsync(restoreStatus, restoreCode);
        }

        AssertSame(before, await SnapshotAsync(w));
        // B's people still work; B's deleted user is still deleted.
        Assert.Equal(HttpStatusCode.OK, (await w.MemberB.Client.GetAsync(UsersUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await w.AdminB.Client.GetAsync(InvitationsUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginAsync(w.DeletedB.Email)).StatusCode);
        await (await w.AdminB.Client.GetAsync(UserUrl(w.DeletedB.UserId))).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Revoking_another_organizations_invitation_is_404_and_it_stays_pending()
    {
        var w = await TwoOrganizationsAsync();
        var before = await SnapshotAsync(w);
        var url = $"{InvitationsUrl}/{w.InvitationB["id"]!.GetValue<Guid>()}";

        await (await w.AdminA.Client.DeleteAsync(url)).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
        await (await w.MemberA.Client.DeleteAsync(url)).ProblemAsync(HttpStatusCode.Forbidden); // members may not revoke anything

        AssertSame(before, await SnapshotAsync(w));
        var invitation = (await w.AdminB.Client.ListOkAsync($"{InvitationsUrl}?status=pending")).Single()!;
        Assert.Equal(w.InvitationB["id"]!.GetValue<Guid>(), invitation["id"]!.GetValue<Guid>());
        var token = await Mailbox.TokenSentToAsync(api, w.InvitationB.Text("email"), "accept-invitation");
        var accepted = await api.AcceptAsync(token);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(w.AdminB.OrganizationId, (await accepted.JsonAsync())["organization"]!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Lists_and_the_organization_only_ever_show_the_callers_own_tenant()
    {
        var w = await TwoOrganizationsAsync();
        var bIds = new[] { w.AdminB.UserId, w.MemberB.UserId, w.DeletedB.UserId };

        foreach (var query in new[] { "", "?limit=1000", $"?q={Uri.EscapeDataString(w.MemberB.Email)}", "?is_admin=true", "?is_active=true", "?sort=-created_at" })
        {
            var response = await w.MemberA.Client.GetAsync(UsersUrl + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var users = await response.JsonArrayAsync();
            Assert.DoesNotContain(users.Ids(), bIds.Contains);
            Assert.All(users, u => Assert.Equal(w.AdminA.OrganizationId, u!["organization_id"]!.GetValue<Guid>()));
            Assert.Equal(users.Count, response.TotalCount());
        }
        Assert.Equal(2, (await w.AdminA.Client.GetAsync(UsersUrl)).TotalCount());
        // A's only invitation is the one its member accepted; B's pending one never shows.
        var invitations = await w.AdminA.Client.ListOkAsync($"{InvitationsUrl}?limit=1000");
        Assert.Equal([w.MemberA.Email], invitations.Select(i => i!.Text("email")));
        Assert.Empty(await w.AdminA.Client.ListOkAsync($"{InvitationsUrl}?status=pending"));

        var organization = await w.MemberA.Client.GetOkAsync(OrganizationUrl);
        Assert.Equal(w.AdminA.OrganizationId, organization["id"]!.GetValue<Guid>());
        Assert.Equal("Org A", organization.Text("name"));
    }

    [Fact]
    public async Task Changing_ones_organization_never_touches_another()
    {
        var w = await TwoOrganizationsAsync();
        var before = await SnapshotAsync(w);
        var response = await w.AdminA.Client.PatchJsonAsync(OrganizationUrl, """{"name":"Org A renamed","settings":{"a":1}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(w.AdminA.OrganizationId, (await response.JsonAsync())["id"]!.GetValue<Guid>());
        AssertSame(before, await SnapshotAsync(w));
    }

    [Fact]
    public async Task Emails_of_another_organization_neither_block_nor_leak_through_invitations()
    {
        var w = await TwoOrganizationsAsync();
        var before = await SnapshotAsync(w);

        // B's member's address is free in A: inviting it is an ordinary invitation, in A only.
        var invitation = await w.AdminA.InviteAsync(w.MemberB.Email);
        Assert.Equal("pending", invitation.Text("status"));
        // The address already got B's invitation: wait for the second mail.
        var token = await Mailbox.TokenSentToAsync(api, w.MemberB.Email, "accept-invitation", previous: 1);
        var accepted = await api.AcceptAsync(token);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var joined = await accepted.JsonAsync();
        Assert.Equal(w.AdminA.OrganizationId, joined["organization"]!["id"]!.GetValue<Guid>());
        Assert.NotEqual(w.MemberB.UserId, joined["user"]!["id"]!.GetValue<Guid>());

        AssertSame(before, await SnapshotAsync(w));
        Assert.Equal(HttpStatusCode.OK, (await w.MemberB.Client.GetAsync(UsersUrl)).StatusCode);
        using var anonymous = api.CreateAnonymousClient();
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = w.MemberB.Email, password = Accounts.Password, organization_id = w.AdminB.OrganizationId });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(w.MemberB.UserId, (await login.JsonAsync())["user"]!["id"]!.GetValue<Guid>());
    }
}

public sealed class TenantIsolationTestsOnSqlite(SqliteApiFactory api) : TenantIsolationTests(api), IClassFixture<SqliteApiFactory>;

public sealed class TenantIsolationTestsOnPostgres(PostgresApiFactory api) : TenantIsolationTests(api), IClassFixture<PostgresApiFactory>;
