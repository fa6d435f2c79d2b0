using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Data;
using static Plugs.Api.Tests.Users.UserApi;

namespace Plugs.Api.Tests.Auth;

/// <summary>
/// One e-mail rule, the mailer's own: every request that takes an address refuses, with a 422 that
/// changes nothing, exactly what the mailer could not deliver to; and nothing that runs after a
/// commit (mailing the link) can turn the committed success into an error.
/// </summary>
public abstract class EmailAddressRuleTests(PlugsApiFactory api)
{
    /// <summary>Accepted by the old validator, refused by the mailer (or not a bare address at all).</summary>
    public static TheoryData<string> Undeliverable =>
    [
        "a b@x.test", "a,b@x.test", "(a)@x.test", "a@x..test", "odd,list@x.test",
        "Ann <ann@x.test>", "ann@x.test (work)", "\"a b\"@x.test", "ann@-x.test", "ann@[127.0.0.1]", "ann@localhost", "ann@x.123",
    ];

    [Theory]
    [MemberData(nameof(Undeliverable))]
    public async Task Every_request_taking_an_email_refuses_it_and_creates_nothing(string email)
    {
        using var anonymous = api.CreateAnonymousClient();
        var register = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new
        {
            organization_name = "Odd Mail", email, password = Accounts.Password, first_name = "Od", last_name = "Mail",
        });
        await register.AssertInvalidAsync("email");
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Accounts.Password }))
            .AssertCodeAsync(HttpStatusCode.Unauthorized, "invalid_credentials");

        await (await anonymous.PostAsJsonAsync("/api/v1/auth/forgot-password", new { email })).AssertInvalidAsync("email");

        var admin = await api.RegisterAsync();
        await (await admin.Client.PostAsJsonAsync(InvitationsUrl, new { email })).AssertInvalidAsync("email");
        Assert.Empty(await admin.Client.ListOkAsync(InvitationsUrl));

        await (await admin.Client.PostAsJsonAsync("/api/v1/contacts", new { first_name = "Cy", last_name = "Contact", email })).AssertInvalidAsync("email");
        var contacts = await admin.Client.GetAsync("/api/v1/contacts");
        Assert.Equal(0, contacts.TotalCount());

        var created = await admin.Client.PostAsJsonAsync("/api/v1/contacts", new { first_name = "Cy", last_name = "Contact", email = "cy@example.test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var contact = await created.JsonAsync();
        var url = $"/api/v1/contacts/{contact["id"]}";
        await (await admin.Client.PatchAsJsonAsync(url, new { email })).AssertInvalidAsync("email");
        Assert.Equal("cy@example.test", (await admin.Client.GetOkAsync(url)).Text("email"));
    }

    [Theory]
    [InlineData("ann.o'neil+tag@mail.example.test", "ann.o'neil+tag@mail.example.test")]
    [InlineData("  Mixed.Case@Example.TEST ", "mixed.case@example.test")]
    public async Task Ordinary_addresses_register_and_get_their_mail(string email, string stored)
    {
        var account = await api.RegisterAsync(email);
        var me = await (await account.Client.GetAsync("/api/v1/auth/me")).JsonAsync();
        Assert.Equal(stored, me["user"]!.Text("email"));
        await Mailbox.TokenSentToAsync(api, stored, "verify-email");

        var admin = await api.RegisterAsync();
        var contact = await admin.Client.PostAsJsonAsync("/api/v1/contacts", new { first_name = "Cy", last_name = "Contact", email });
        Assert.Equal(HttpStatusCode.Created, contact.StatusCode);
        Assert.Equal(stored, (await contact.JsonAsync()).Text("email"));
    }

    [Fact]
    public async Task An_address_stored_before_the_rule_can_still_sign_in_and_mailing_it_never_fails_the_request()
    {
        var account = await api.RegisterAsync();
        var legacy = $"odd,{Guid.NewGuid():N}@x.test";
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlugsDbContext>();
            db.Tenant.Enter(account.OrganizationId);
            Assert.Equal(1, await db.Users.Where(u => u.Id == account.UserId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, legacy)));
        }

        // The verification mail cannot be sent to it; the request that asked for it still succeeds.
        Assert.Equal(HttpStatusCode.Accepted, (await account.Client.PostAsync("/api/v1/auth/verify-email/resend", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.LoginAsync(legacy)).StatusCode);
    }
}

public sealed class EmailAddressRuleTestsOnSqlite(SqliteApiFactory api) : EmailAddressRuleTests(api), IClassFixture<SqliteApiFactory>;

public sealed class EmailAddressRuleTestsOnPostgres(PostgresApiFactory api) : EmailAddressRuleTests(api), IClassFixture<PostgresApiFactory>;
