using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Auth;

/// <summary>
/// The login limits hold under concurrency: every attempt is counted atomically before its password
/// is checked, so of N simultaneous wrong passwords at most the limit are ever checked (401) and
/// the rest are refused (429 with Retry-After). SQLite runs this against the in-process state
/// store, PostgreSQL against Redis.
/// </summary>
public abstract class LoginThrottleTests(PlugsApiFactory api)
{
    private const int MaxFailedLogins = 5;
    private const int MaxFailedLoginsPerIp = 50;
    private const int Parallel = 16;

    private static Task<HttpResponseMessage[]> InParallelAsync(int count, Func<int, Task<HttpResponseMessage>> send) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => send(i))));

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) =>
        await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });

    private static async Task AssertThrottledAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("too_many_requests", problem["code"]!.GetValue<string>());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
    }

    [Fact]
    public async Task Of_concurrent_wrong_passwords_for_one_email_only_the_limit_are_checked()
    {
        for (var round = 0; round < 4; round++)
        {
            var email = round % 2 == 0 ? (await api.RegisterAsync()).Email : Accounts.NewEmail("ghost");
            // Each from an address of its own: the per-account limit is the one under test.
            var responses = await InParallelAsync(Parallel, async _ =>
            {
                using var client = api.CreateAnonymousClient();
                return await LoginAsync(client, email, "wrong password!");
            });

            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"round {round}: {(int)r.StatusCode}"));
            Assert.Equal(MaxFailedLogins, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
            foreach (var throttled in responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests))
            {
                await AssertThrottledAsync(throttled);
            }
            using var owner = api.CreateAnonymousClient();
            await AssertThrottledAsync(await LoginAsync(owner, email, Accounts.Password));
        }
    }

    [Fact]
    public async Task Of_concurrent_wrong_passwords_from_one_address_only_the_per_ip_limit_are_checked()
    {
        for (var round = 0; round < 3; round++)
        {
            var address = PlugsApiFactory.ClientAddress();
            var responses = await InParallelAsync(MaxFailedLoginsPerIp + Parallel, async i =>
            {
                using var client = api.CreateAnonymousClient();
                client.DefaultRequestHeaders.Remove("X-Forwarded-For");
                client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
                return await LoginAsync(client, Accounts.NewEmail($"spray{i}"), "wrong password!");
            });

            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"round {round}: {(int)r.StatusCode}"));
            Assert.Equal(MaxFailedLoginsPerIp, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
            await AssertThrottledAsync(responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        }
    }

    [Fact]
    public async Task A_correct_password_resets_the_account_count_and_does_not_spend_the_address_budget()
    {
        var account = await api.RegisterAsync();
        using var client = api.CreateAnonymousClient();
        for (var round = 0; round < 3; round++)
        {
            var wrong = await InParallelAsync(MaxFailedLogins - 1, _ => LoginAsync(client, account.Email, "wrong password!"));
            Assert.All(wrong, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
            Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, account.Email, Accounts.Password)).StatusCode);
        }
        // 12 failures and 3 successes from this address: only the failures count against its 50.
        var spray = await InParallelAsync(MaxFailedLoginsPerIp - 3 * (MaxFailedLogins - 1), i => LoginAsync(client, Accounts.NewEmail($"s{i}"), "wrong password!"));
        Assert.All(spray, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        await AssertThrottledAsync(await LoginAsync(client, account.Email, Accounts.Password));
    }

    [Theory]
    [InlineData("""{"email":"","password":"whatever it is"}""")]
    [InlineData("""{"password":"whatever it is"}""")]
    [InlineData("""{"email":"no-password@example.test"}""")]
    public async Task Logins_the_validator_refuses_still_count_against_the_address(string json)
    {
        using var client = api.CreateAnonymousClient();
        var refused = await InParallelAsync(MaxFailedLoginsPerIp, _ => client.PostAsync("/api/v1/auth/login", Accounts.Json(json)));
        Assert.All(refused, r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));

        var account = await api.RegisterAsync();
        await AssertThrottledAsync(await LoginAsync(client, account.Email, Accounts.Password));
        await AssertThrottledAsync(await client.PostAsync("/api/v1/auth/login", Accounts.Json(json)));
    }

    [Fact]
    public async Task The_lockout_ends_when_its_window_has_passed()
    {
        await using var host = new FakeClockHost(api);
        var account = await api.RegisterAsync();
        var responses = await InParallelAsync(Parallel, async _ =>
        {
            using var client = host.CreateClient();
            return await LoginAsync(client, account.Email, "wrong password!");
        });
        Assert.Equal(MaxFailedLogins, responses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));

        using var owner = host.CreateClient();
        var locked = await LoginAsync(owner, account.Email, Accounts.Password);
        await AssertThrottledAsync(locked);
        host.Clock.Advance(locked.Headers.RetryAfter!.Delta!.Value - TimeSpan.FromSeconds(2));
        await AssertThrottledAsync(await LoginAsync(owner, account.Email, Accounts.Password));
        host.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(owner, account.Email, Accounts.Password)).StatusCode);
    }
}

public sealed class LoginThrottleTestsOnSqlite(SqliteApiFactory api) : LoginThrottleTests(api), IClassFixture<SqliteApiFactory>;

public sealed class LoginThrottleTestsOnPostgres(PostgresApiFactory api) : LoginThrottleTests(api), IClassFixture<PostgresApiFactory>;
