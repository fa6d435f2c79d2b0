using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Users.UserApi;

namespace Plugs.Api.Tests.Auth;

/// <summary>
/// Anonymous endpoints answer exactly as if no bearer token had been sent, whoever's token it is:
/// a person switching organizations, or a browser holding a stale token, must be able to sign in,
/// refresh and redeem links. And a token that authentication refuses leaves nothing behind.
/// </summary>
public abstract class AnonymousEndpointTests(PlugsApiFactory api)
{
    /// <summary>No token, a live token of another organization, and a logged-out one of another organization.</summary>
    private async Task<string?[]> BearersAsync()
    {
        var live = await api.RegisterAsync(organization: "Elsewhere");
        var ended = await api.RegisterAsync(organization: "Left behind");
        Assert.Equal(HttpStatusCode.NoContent, (await ended.Client.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        return [null, live.AccessToken, ended.AccessToken];
    }

    private HttpClient ClientWith(string? bearer) => bearer is null ? api.CreateAnonymousClient() : api.CreateClient(bearer);

    private static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode expected, string? bearer)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.AbsolutePath} with {(bearer is null ? "no token" : "a token")}: expected {(int)expected} but got {(int)response.StatusCode}: {body}");
    }

    [Fact]
    public async Task Register_ignores_any_bearer_token_including_the_callers_own()
    {
        var own = await api.RegisterAsync();
        foreach (var bearer in (string?[])[.. await BearersAsync(), own.AccessToken])
        {
            using var client = ClientWith(bearer);
            var email = Accounts.NewEmail("newcomer");
            var response = await client.PostAsJsonAsync("/api/v1/auth/register", new
            {
                organization_name = "Fresh Start", email, password = Accounts.Password, first_name = "Nia", last_name = "New",
            });
            await AssertStatusAsync(response, HttpStatusCode.Created, bearer);
            var body = await response.JsonAsync();
            Assert.Equal(email, body["user"]!.Text("email"));
            Assert.NotEqual(own.OrganizationId, body["organization"]!["id"]!.GetValue<Guid>());
        }
    }

    [Fact]
    public async Task Login_ignores_the_bearer_token_whether_the_password_is_right_or_wrong()
    {
        var account = await api.RegisterAsync();
        foreach (var bearer in await BearersAsync())
        {
            using var client = ClientWith(bearer);
            var ok = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = Accounts.Password });
            await AssertStatusAsync(ok, HttpStatusCode.OK, bearer);
            Assert.Equal(account.UserId, (await ok.JsonAsync())["user"]!["id"]!.GetValue<Guid>());
            var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = "not the password" });
            await wrong.AssertCodeAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        }
    }

    [Fact]
    public async Task Refresh_ignores_the_bearer_token()
    {
        var account = await api.RegisterAsync();
        var refreshToken = account.RefreshToken;
        foreach (var bearer in await BearersAsync())
        {
            using var client = ClientWith(bearer);
            var response = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refresh_token = refreshToken });
            await AssertStatusAsync(response, HttpStatusCode.OK, bearer);
            refreshToken = (await response.JsonAsync()).Text("refresh_token");
        }
    }

    [Fact]
    public async Task Verify_email_ignores_the_bearer_token()
    {
        foreach (var bearer in await BearersAsync())
        {
            var account = await api.RegisterAsync();
            var token = await Mailbox.TokenSentToAsync(api, account.Email, "verify-email");
            using var client = ClientWith(bearer);
            await AssertStatusAsync(await client.PostAsJsonAsync("/api/v1/auth/verify-email", new { token }), HttpStatusCode.NoContent, bearer);
        }
    }

    [Fact]
    public async Task Forgot_and_reset_password_ignore_the_bearer_token()
    {
        foreach (var bearer in await BearersAsync())
        {
            var account = await api.RegisterAsync();
            using var client = ClientWith(bearer);
            await AssertStatusAsync(await client.PostAsJsonAsync("/api/v1/auth/forgot-password", new { email = account.Email }), HttpStatusCode.Accepted, bearer);
            var token = await Mailbox.TokenSentToAsync(api, account.Email, "reset-password");
            var reset = await client.PostAsJsonAsync("/api/v1/auth/reset-password", new { token, new_password = "a fresh passphrase" });
            await AssertStatusAsync(reset, HttpStatusCode.NoContent, bearer);
        }
    }

    [Fact]
    public async Task Accepting_an_invitation_ignores_the_bearer_token()
    {
        var admin = await api.RegisterAsync();
        foreach (var bearer in await BearersAsync())
        {
            var email = Accounts.NewEmail("joiner");
            await admin.InviteAsync(email);
            var token = await Mailbox.TokenSentToAsync(api, email, "accept-invitation");
            using var client = ClientWith(bearer);
            var response = await client.PostAsJsonAsync($"{InvitationsUrl}/accept", new { token, password = Accounts.Password, first_name = "Jo", last_name = "Iner" });
            await AssertStatusAsync(response, HttpStatusCode.Created, bearer);
            Assert.Equal(admin.OrganizationId, (await response.JsonAsync())["organization"]!["id"]!.GetValue<Guid>());
        }
    }

    [Fact]
    public async Task The_calendar_feed_ignores_the_bearer_token()
    {
        var account = await api.RegisterAsync();
        var issued = await account.Client.PostAsync("/api/v1/calendar/feed-token", null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var feed = new Uri((await issued.JsonAsync()).Text("url")).PathAndQuery;
        foreach (var bearer in await BearersAsync())
        {
            using var client = ClientWith(bearer);
            var response = await client.GetAsync(feed);
            await AssertStatusAsync(response, HttpStatusCode.OK, bearer);
            Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
            await (await client.GetAsync("/api/v1/calendar/feed.ics?token=unknown")).ProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task A_refused_token_is_401_on_protected_endpoints_and_changes_nothing_elsewhere()
    {
        var bearers = await BearersAsync();
        var ended = bearers[2]!;
        using var client = api.CreateClient(ended);
        for (var round = 0; round < 3; round++)
        {
            var me = await client.GetAsync("/api/v1/auth/me");
            await me.ProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Contains(me.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
            await (await client.GetAsync("/api/v1/contacts")).ProblemAsync(HttpStatusCode.Unauthorized);
            // Endpoints that need no sign-in still work with the refused token on the same client.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            var email = Accounts.NewEmail("after-refusal");
            var registered = await client.PostAsJsonAsync("/api/v1/auth/register", new
            {
                organization_name = "After", email, password = Accounts.Password, first_name = "Af", last_name = "Ter",
            });
            await AssertStatusAsync(registered, HttpStatusCode.Created, ended);
        }
    }
}

public sealed class AnonymousEndpointTestsOnSqlite(SqliteApiFactory api) : AnonymousEndpointTests(api), IClassFixture<SqliteApiFactory>;

public sealed class AnonymousEndpointTestsOnPostgres(PostgresApiFactory api) : AnonymousEndpointTests(api), IClassFixture<PostgresApiFactory>;
