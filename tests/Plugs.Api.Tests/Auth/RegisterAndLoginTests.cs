using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Auth;

public abstract class RegisterAndLoginTests(PlugsApiFactory api)
{
    [Fact]
    public async Task Register_creates_the_organization_and_its_first_admin_and_signs_in()
    {
        var email = Accounts.NewEmail("Founder").ToUpperInvariant();
        using var client = api.CreateAnonymousClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new
        {
            organization_name = "  Plug Co ",
            organization_domain = "Plug-Co.example",
            email,
            password = Accounts.Password,
            first_name = "Fay",
            last_name = "Founder",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(900, body["expires_in"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body["refresh_token"]!.GetValue<string>()));
        var user = body["user"]!;
        Assert.Equal(email.ToLowerInvariant(), user["email"]!.GetValue<string>());
        Assert.True(user["is_admin"]!.GetValue<bool>());
        Assert.False(user["is_verified"]!.GetValue<bool>());
        Assert.Null(user["password_hash"]);
        Assert.Equal("Plug Co", body["organization"]!["name"]!.GetValue<string>());
        Assert.Equal("plug-co.example", body["organization"]!["domain"]!.GetValue<string>());
        Assert.Equal($"/api/v1/users/{user["id"]}", response.Headers.Location!.OriginalString);

        using var authed = api.CreateClient(body["access_token"]!.GetValue<string>());
        var me = await (await authed.GetAsync("/api/v1/auth/me")).JsonAsync();
        Assert.Equal(user["id"]!.GetValue<Guid>(), me["user"]!["id"]!.GetValue<Guid>());
    }

    [Theory]
    [InlineData("""{"email":"a@b.example","password":"long enough pw","first_name":"A","last_name":"B"}""", "organization_name")]
    [InlineData("""{"organization_name":"X","email":"not-an-email","password":"long enough pw","first_name":"A","last_name":"B"}""", "email")]
    [InlineData("""{"organization_name":"X","email":"a@b.example","password":"short","first_name":"A","last_name":"B"}""", "password")]
    [InlineData("""{"organization_name":"X","email":"a@b.example","password":"long enough pw","first_name":"   ","last_name":"B"}""", "first_name")]
    [InlineData("""{"organization_name":"X","email":"a@b.example","password":"long enough pw","first_name":"A","last_name":"B","organization_domain":"not a domain"}""", "organization_domain")]
    [InlineData("""{"organization_name":12,"email":"a@b.example","password":"long enough pw","first_name":"A","last_name":"B"}""", "organization_name")]
    public async Task Register_rejects_invalid_fields_with_422_keyed_by_field(string json, string field)
    {
        using var client = api.CreateAnonymousClient();
        var problem = await (await client.PostAsync("/api/v1/auth/register", Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Register_rejects_oversize_strings()
    {
        using var client = api.CreateAnonymousClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new
        {
            organization_name = new string('o', 256),
            email = Accounts.NewEmail(),
            password = new string('p', 129),
            first_name = new string('f', 51),
            last_name = "B",
        });
        var errors = (await response.ProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!;
        Assert.NotNull(errors["organization_name"]);
        Assert.NotNull(errors["password"]);
        Assert.NotNull(errors["first_name"]);
    }

    [Theory]
    [InlineData("organization_id", "\"00000000-0000-0000-0000-000000000001\"")]
    [InlineData("is_admin", "false")]
    [InlineData("id", "\"00000000-0000-0000-0000-000000000001\"")]
    [InlineData("subscription_plan", "\"enterprise\"")]
    public async Task Register_refuses_fields_a_client_may_not_set(string field, string value)
    {
        var email = Accounts.NewEmail();
        using var client = api.CreateAnonymousClient();
        var json = $$"""{"organization_name":"X","email":"{{email}}","password":"long enough pw","first_name":"A","last_name":"B","{{field}}":{{value}}}""";
        var problem = await (await client.PostAsync("/api/v1/auth/register", Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]![field]);
        // Nothing was written: the address can still register.
        await api.RegisterAsync(email);
    }

    [Theory]
    [InlineData("{\"email\":")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task Malformed_or_missing_body_is_400(string raw)
    {
        using var client = api.CreateAnonymousClient();
        await (await client.PostAsync("/api/v1/auth/register", Accounts.Json(raw))).ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Register_with_a_taken_domain_is_409_and_creates_nothing()
    {
        var domain = $"d{Guid.NewGuid():N}.example";
        using var client = api.CreateAnonymousClient();
        object Body(string email) => new { organization_name = "X", organization_domain = domain, email, password = Accounts.Password, first_name = "A", last_name = "B" };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/auth/register", Body(Accounts.NewEmail()))).StatusCode);
        var loser = Accounts.NewEmail();
        var problem = await (await client.PostAsJsonAsync("/api/v1/auth/register", Body(loser))).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("domain_taken", problem["code"]!.GetValue<string>());
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = loser, password = Accounts.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Login_returns_tokens_and_is_case_insensitive_on_the_email()
    {
        var account = await api.RegisterAsync();
        using var client = api.CreateAnonymousClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email.ToUpperInvariant(), password = Accounts.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(account.UserId, body["user"]!["id"]!.GetValue<Guid>());
        Assert.NotNull(body["user"]!["last_login"]);
    }

    /// <summary>
    /// One person on several devices at once: every sign-in starts its session; none conflicts on
    /// the user row, whose version a sign-in leaves alone. (As many at once as the login throttle
    /// checks: it counts each attempt before its password is checked, so beyond
    /// Auth:MaxFailedLogins simultaneous attempts for one e-mail the rest are 429 by design.)
    /// </summary>
    [Fact]
    public async Task Simultaneous_sign_ins_of_one_person_all_succeed_and_leave_the_users_version()
    {
        var account = await api.RegisterAsync();
        var before = (await account.Client.GetAsync($"/api/v1/users/{account.UserId}")).Headers.ETag;
        for (var round = 0; round < 6; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
            {
                using var client = api.CreateAnonymousClient();
                return (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = Accounts.Password })).StatusCode;
            }));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        }
        var after = await account.Client.GetAsync($"/api/v1/users/{account.UserId}");
        Assert.Equal(before, after.Headers.ETag);
        Assert.NotNull((await after.JsonAsync())["last_login"]);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_fail_alike()
    {
        var account = await api.RegisterAsync();
        using var client = api.CreateAnonymousClient();
        var wrong = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = "wrong password!" }))
            .ProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = Accounts.NewEmail(), password = "wrong password!" }))
            .ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(wrong["detail"]!.GetValue<string>(), unknown["detail"]!.GetValue<string>());
        Assert.Equal(wrong["code"]!.GetValue<string>(), unknown["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_email_in_two_organizations_must_choose_one()
    {
        var email = Accounts.NewEmail("twice");
        var first = await api.RegisterAsync(email, "First Org");
        var second = await api.RegisterAsync(email, "Second Org");
        using var client = api.CreateAnonymousClient();

        var problem = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Accounts.Password }))
            .ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("organization_required", problem["code"]!.GetValue<string>());
        var choices = problem["organizations"]!.AsArray().Select(o => o!["id"]!.GetValue<Guid>()).ToHashSet();
        Assert.Equal([first.OrganizationId, second.OrganizationId], choices.Order());

        var chosen = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Accounts.Password, organization_id = second.OrganizationId });
        var body = await chosen.JsonAsync();
        Assert.Equal(second.UserId, body["user"]!["id"]!.GetValue<Guid>());
        Assert.Equal(second.OrganizationId, body["organization"]!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Sixth_wrong_password_in_a_row_is_throttled_with_retry_after_even_for_unknown_emails()
    {
        foreach (var email in new[] { (await api.RegisterAsync()).Email, Accounts.NewEmail("ghost") })
        {
            using var client = api.CreateAnonymousClient();
            for (var i = 0; i < 5; i++)
            {
                var attempt = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong password!" });
                Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
            }
            var sixth = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Accounts.Password });
            await sixth.ProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.True(sixth.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        }
    }

    [Fact]
    public async Task A_success_resets_the_failure_count()
    {
        var account = await api.RegisterAsync();
        using var client = api.CreateAnonymousClient();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                await client.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = "wrong password!" });
            }
            var ok = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = Accounts.Password });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
    }

    [Fact]
    public async Task Login_rejects_missing_fields()
    {
        using var client = api.CreateAnonymousClient();
        var problem = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "x@y.example" })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["password"]);
    }
}

public sealed class RegisterAndLoginTestsOnSqlite(SqliteApiFactory api) : RegisterAndLoginTests(api), IClassFixture<SqliteApiFactory>;

public sealed class RegisterAndLoginTestsOnPostgres(PostgresApiFactory api) : RegisterAndLoginTests(api), IClassFixture<PostgresApiFactory>;
