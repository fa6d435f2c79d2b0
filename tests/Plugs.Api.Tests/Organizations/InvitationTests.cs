using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Users.UserApi;

namespace Plugs.Api.Tests.Organizations;

/// <summary>Admins invite, list and revoke invitations; the mailed token creates the account once.</summary>
public abstract class InvitationTests(PlugsApiFactory api)
{
    private static Guid IdOf(JsonObject invitation) => invitation["id"]!.GetValue<Guid>();

    private static string InvitationUrl(JsonObject invitation) => $"{InvitationsUrl}/{IdOf(invitation)}";

    private static async Task<List<Guid>> UserIdsWithEmailAsync(Account admin, string email) =>
        (await admin.Client.ListOkAsync($"{UsersUrl}?q={Uri.EscapeDataString(email)}")).Ids();

    [Fact]
    public async Task An_admin_invites_someone_who_gets_a_mail_and_joins_with_it()
    {
        var admin = await api.RegisterAsync(organization: "Inviting Co");
        var email = Accounts.NewEmail("Invitee");
        var response = await admin.Client.PostAsJsonAsync(InvitationsUrl, new { email = email.ToUpperInvariant(), is_admin = true });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var invitation = await response.JsonAsync();
        Assert.Equal($"{InvitationsUrl}/{invitation["id"]}", response.Headers.Location!.OriginalString);
        Assert.Equal(email.ToLowerInvariant(), invitation.Text("email"));
        Assert.True(invitation.Flag("is_admin"));
        Assert.Equal("pending", invitation.Text("status"));
        Assert.Equal(admin.UserId, invitation["invited_by"]!.GetValue<Guid>());
        Assert.True(invitation["expires_at"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddDays(1));
        Assert.Null(invitation["token"]);
        Assert.Null(invitation["token_hash"]);

        var listed = await admin.Client.ListOkAsync(InvitationsUrl);
        Assert.Equal([IdOf(invitation)], listed.Ids());

        var token = await Mailbox.TokenSentToAsync(api, email.ToLowerInvariant(), "accept-invitation");
        var accepted = await api.AcceptAsync(token);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var joined = await accepted.JsonAsync();
        Assert.Equal(admin.OrganizationId, joined["organization"]!["id"]!.GetValue<Guid>());
        Assert.True(joined["user"]!.Flag("is_admin"));
        Assert.True(joined["user"]!.Flag("is_verified"));

        var after = (await admin.Client.ListOkAsync($"{InvitationsUrl}?status=accepted")).Single()!;
        Assert.Equal("accepted", after.Text("status"));
        Assert.Equal(joined["user"]!["id"]!.GetValue<Guid>(), after["accepted_user_id"]!.GetValue<Guid>());
    }

    [Theory]
    [InlineData("""{"email":"not-an-email"}""", "email")]
    [InlineData("""{"is_admin":true}""", "email")]
    [InlineData("""{"email":""}""", "email")]
    [InlineData("""{"email":"a@b.example","is_admin":"yes"}""", "is_admin")]
    [InlineData("""{"email":"a@b.example","organization_id":"00000000-0000-0000-0000-000000000001"}""", "organization_id")]
    [InlineData("""{"email":"a@b.example","expires_at":"2100-01-01T00:00:00Z"}""", "expires_at")]
    public async Task Invalid_invitations_are_422_and_create_nothing(string json, string field)
    {
        var admin = await api.RegisterAsync();
        await (await admin.Client.PostAsync(InvitationsUrl, Accounts.Json(json))).AssertInvalidAsync(field);
        var list = await admin.Client.GetAsync(InvitationsUrl);
        Assert.Empty(await list.JsonArrayAsync());
        Assert.Equal(0, list.TotalCount());
    }

    [Fact]
    public async Task Members_cannot_invite_list_or_revoke()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var pending = await admin.InviteAsync(Accounts.NewEmail("pending"));
        var before = await admin.Client.ListOkAsync(InvitationsUrl);

        var email = Accounts.NewEmail("sneaky");
        await (await member.Client.PostAsJsonAsync(InvitationsUrl, new { email, is_admin = true })).AssertCodeAsync(HttpStatusCode.Forbidden, "admin_required");
        await (await member.Client.GetAsync(InvitationsUrl)).AssertCodeAsync(HttpStatusCode.Forbidden, "admin_required");
        await (await member.Client.DeleteAsync(InvitationUrl(pending))).AssertCodeAsync(HttpStatusCode.Forbidden, "admin_required");

        AssertUnchanged(before, await admin.Client.ListOkAsync(InvitationsUrl));
        await Mailbox.DeliveredAsync(api);
        Assert.Empty(Mailbox.Messages(api, email));
        using var anonymous = api.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(InvitationsUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(InvitationsUrl, new { email })).StatusCode);
    }

    [Fact]
    public async Task Inviting_a_current_or_deleted_members_email_is_409_user_exists()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var deleted = await api.AddMemberAsync(admin);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync(UserUrl(deleted.UserId))).StatusCode);
        var before = await admin.Client.ListOkAsync(InvitationsUrl);

        foreach (var email in new[] { member.Email, member.Email.ToUpperInvariant(), admin.Email, deleted.Email })
        {
            var response = await admin.Client.PostAsJsonAsync(InvitationsUrl, new { email });
            await response.AssertCodeAsync(HttpStatusCode.Conflict, "user_exists");
        }
        AssertUnchanged(before, await admin.Client.ListOkAsync(InvitationsUrl));
    }

    [Fact]
    public async Task A_revoked_invitation_can_no_longer_be_accepted()
    {
        var admin = await api.RegisterAsync();
        var email = Accounts.NewEmail("revoked");
        var invitation = await admin.InviteAsync(email);
        var token = await Mailbox.TokenSentToAsync(api, email, "accept-invitation");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync(InvitationUrl(invitation))).StatusCode);
        var revoked = (await admin.Client.ListOkAsync($"{InvitationsUrl}?status=revoked")).Single()!;
        Assert.Equal("revoked", revoked.Text("status"));
        Assert.NotNull(revoked["revoked_at"]);
        // Revoking twice is harmless.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync(InvitationUrl(invitation))).StatusCode);

        await (await api.AcceptAsync(token)).AssertCodeAsync(HttpStatusCode.BadRequest, "invalid_token");
        Assert.Empty(await UserIdsWithEmailAsync(admin, email));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginAsync(email)).StatusCode);
        Assert.Equal(1, (await admin.Client.GetAsync(UsersUrl)).TotalCount());
    }

    [Fact]
    public async Task An_accepted_invitation_cannot_be_reused_or_revoked()
    {
        var admin = await api.RegisterAsync();
        var email = Accounts.NewEmail("once");
        var invitation = await admin.InviteAsync(email);
        var token = await Mailbox.TokenSentToAsync(api, email, "accept-invitation");
        Assert.Equal(HttpStatusCode.Created, (await api.AcceptAsync(token)).StatusCode);
        var users = await admin.Client.ListOkAsync(UsersUrl);

        await (await api.AcceptAsync(token)).AssertCodeAsync(HttpStatusCode.BadRequest, "invalid_token");
        await (await admin.Client.DeleteAsync(InvitationUrl(invitation))).AssertCodeAsync(HttpStatusCode.Conflict, "invitation_accepted");

        AssertUnchanged(users, await admin.Client.ListOkAsync(UsersUrl));
        Assert.Equal("accepted", (await admin.Client.ListOkAsync(InvitationsUrl)).Single()!.Text("status"));
    }

    [Fact]
    public async Task A_new_invitation_replaces_the_open_one_for_the_same_address()
    {
        var admin = await api.RegisterAsync();
        var email = Accounts.NewEmail("twice");
        var first = await admin.InviteAsync(email);
        var firstToken = await Mailbox.TokenSentToAsync(api, email, "accept-invitation");
        var second = await admin.InviteAsync(email);
        var secondToken = await Mailbox.TokenSentToAsync(api, email, "accept-invitation", previous: 1);

        var byId = (await admin.Client.ListOkAsync(InvitationsUrl)).ToDictionary(i => i!["id"]!.GetValue<Guid>(), i => i!.Text("status"));
        Assert.Equal("revoked", byId[IdOf(first)]);
        Assert.Equal("pending", byId[IdOf(second)]);

        await (await api.AcceptAsync(firstToken)).AssertCodeAsync(HttpStatusCode.BadRequest, "invalid_token");
        Assert.Equal(HttpStatusCode.Created, (await api.AcceptAsync(secondToken)).StatusCode);
        Assert.Single(await UserIdsWithEmailAsync(admin, email));
    }

    [Fact]
    public async Task The_list_filters_by_status_and_pages()
    {
        var admin = await api.RegisterAsync();
        var pending = await admin.InviteAsync(Accounts.NewEmail("p"));
        var revoked = await admin.InviteAsync(Accounts.NewEmail("r"));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync(InvitationUrl(revoked))).StatusCode);
        var member = await api.AddMemberAsync(admin);
        var accepted = (await admin.Client.ListOkAsync($"{InvitationsUrl}?status=accepted")).Single()!;
        Assert.Equal(member.UserId, accepted["accepted_user_id"]!.GetValue<Guid>());

        Assert.Equal([IdOf(pending)], (await admin.Client.ListOkAsync($"{InvitationsUrl}?status=pending")).Ids());
        Assert.Equal([IdOf(revoked)], (await admin.Client.ListOkAsync($"{InvitationsUrl}?status=revoked")).Ids());
        Assert.Empty(await admin.Client.ListOkAsync($"{InvitationsUrl}?status=expired"));

        var page = await admin.Client.GetAsync($"{InvitationsUrl}?limit=2");
        Assert.Equal(3, page.TotalCount());
        Assert.Equal(2, (await page.JsonArrayAsync()).Count);
        Assert.Contains("rel=\"next\"", page.Header("Link"), StringComparison.Ordinal);
        await (await admin.Client.GetAsync($"{InvitationsUrl}?limit=0")).AssertInvalidAsync("limit");
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("PENDING")]
    [InlineData("pending,revoked")]
    public async Task An_unknown_status_is_422(string status)
    {
        var admin = await api.RegisterAsync();
        await (await admin.Client.GetAsync($"{InvitationsUrl}?status={Uri.EscapeDataString(status)}")).AssertInvalidAsync("status");
    }

    [Fact]
    public async Task Revoking_an_unknown_invitation_is_404()
    {
        var admin = await api.RegisterAsync();
        await (await admin.Client.DeleteAsync($"{InvitationsUrl}/{Guid.NewGuid()}")).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_made_up_token_is_400_invalid_token(string token) =>
        await (await api.AcceptAsync(token)).AssertCodeAsync(HttpStatusCode.BadRequest, "invalid_token");
}

public sealed class InvitationTestsOnSqlite(SqliteApiFactory api) : InvitationTests(api), IClassFixture<SqliteApiFactory>;

public sealed class InvitationTestsOnPostgres(PostgresApiFactory api) : InvitationTests(api), IClassFixture<PostgresApiFactory>;
