using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Auth;

/// <summary>The mailed one-time links: e-mail verification and password reset.</summary>
public abstract class EmailFlowTests(PlugsApiFactory api)
{
    [Fact]
    public async Task Registration_mails_a_verification_link_that_works_once()
    {
        var account = await api.RegisterAsync();
        var token = await Mailbox.TokenSentToAsync(api, account.Email, "verify-email");
        using var anonymous = api.CreateAnonymousClient();

        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsJsonAsync("/api/v1/auth/verify-email", new { token })).StatusCode);
        var me = await (await account.Client.GetAsync("/api/v1/auth/me")).JsonAsync();
        Assert.True(me["user"]!["is_verified"]!.GetValue<bool>());
        Assert.NotNull(me["user"]!["verified_at"]);

        var again = await (await anonymous.PostAsJsonAsync("/api/v1/auth/verify-email", new { token })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_token", again["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resend_issues_a_new_link_and_the_old_one_stops_working()
    {
        var account = await api.RegisterAsync();
        var first = await Mailbox.TokenSentToAsync(api, account.Email, "verify-email");
        Assert.Equal(HttpStatusCode.Accepted, (await account.Client.PostAsync("/api/v1/auth/verify-email/resend", null)).StatusCode);
        var second = await Mailbox.TokenSentToAsync(api, account.Email, "verify-email", previous: 1);
        Assert.NotEqual(first, second);
        using var anonymous = api.CreateAnonymousClient();
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/verify-email", new { token = first })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsJsonAsync("/api/v1/auth/verify-email", new { token = second })).StatusCode);
        await (await account.Client.PostAsync("/api/v1/auth/verify-email/resend", null)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("")]
    [InlineData("junk")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Bad_verification_tokens_are_refused(string token)
    {
        using var anonymous = api.CreateAnonymousClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/verify-email", new { token });
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, response.StatusCode.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Forgot_password_answers_202_for_unknown_addresses_and_sends_nothing()
    {
        var email = Accounts.NewEmail("nobody");
        using var anonymous = api.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/v1/auth/forgot-password", new { email })).StatusCode);
        await Mailbox.DeliveredAsync(api);
        Assert.Empty(Mailbox.Messages(api, email));
    }

    [Fact]
    public async Task Reset_sets_the_new_password_ends_old_sessions_and_the_link_is_single_use()
    {
        var account = await api.RegisterAsync();
        using var anonymous = api.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/v1/auth/forgot-password", new { email = account.Email })).StatusCode);
        var token = await Mailbox.TokenSentToAsync(api, account.Email, "reset-password");
        const string newPassword = "a brand new passphrase";

        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsJsonAsync("/api/v1/auth/reset-password", new { token, new_password = newPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await account.Client.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = Accounts.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = newPassword })).StatusCode);
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/reset-password", new { token, new_password = "yet another passphrase" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Forgot_password_for_an_email_in_two_organizations_mails_each_account()
    {
        var email = Accounts.NewEmail("twice");
        await api.RegisterAsync(email, "One");
        await api.RegisterAsync(email, "Two");
        using var anonymous = api.CreateAnonymousClient();
        await anonymous.PostAsJsonAsync("/api/v1/auth/forgot-password", new { email });
        await Mailbox.TokenSentToAsync(api, email, "reset-password", previous: 1);
        var subjects = Mailbox.Messages(api, email).Select(m => m.Subject ?? "").Where(s => s.StartsWith("Reset", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(["Reset your password for One", "Reset your password for Two"], subjects);
    }

    [Fact]
    public async Task Reset_validates_the_new_password_and_does_not_spend_the_link()
    {
        var account = await api.RegisterAsync();
        using var anonymous = api.CreateAnonymousClient();
        await anonymous.PostAsJsonAsync("/api/v1/auth/forgot-password", new { email = account.Email });
        var token = await Mailbox.TokenSentToAsync(api, account.Email, "reset-password");
        var problem = await (await anonymous.PostAsJsonAsync("/api/v1/auth/reset-password", new { token, new_password = "short" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["new_password"]);
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsJsonAsync("/api/v1/auth/reset-password", new { token, new_password = "long enough now" })).StatusCode);
    }

    [Fact]
    public async Task Forgot_password_rejects_a_malformed_email()
    {
        using var anonymous = api.CreateAnonymousClient();
        var problem = await (await anonymous.PostAsJsonAsync("/api/v1/auth/forgot-password", new { email = "nope" })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["email"]);
    }
}

public sealed class EmailFlowTestsOnSqlite(SqliteApiFactory api) : EmailFlowTests(api), IClassFixture<SqliteApiFactory>;

public sealed class EmailFlowTestsOnPostgres(PostgresApiFactory api) : EmailFlowTests(api), IClassFixture<PostgresApiFactory>;
