using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Users.UserApi;

namespace Plugs.Api.Tests.Auth;

/// <summary>
/// Sign-ups are throttled per client address; forgot-password answers the same whether or not the
/// address has an account (its work runs after the answer), is capped per requesting address, and
/// nobody else's requests can keep an owner from resetting their password.
/// </summary>
public abstract class SignUpAndResetLimitTests(PlugsApiFactory api)
{
    private const int MaxRegistrationsPerIp = 10;
    private const int MaxPasswordResetsPerIp = 10;
    private const int Parallel = 16;

    private static Task<HttpResponseMessage[]> InParallelAsync(int count, Func<int, Task<HttpResponseMessage>> send) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => send(i))));

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email) =>
        client.PostAsJsonAsync("/api/v1/auth/register", new
        {
            organization_name = "Burst", email, password = Accounts.Password, first_name = "Bu", last_name = "Rst",
        });

    private static Task<HttpResponseMessage> ForgotAsync(HttpClient client, string email) =>
        client.PostAsJsonAsync("/api/v1/auth/forgot-password", new { email });

    private static async Task AssertThrottledAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("too_many_requests", problem["code"]!.GetValue<string>());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
    }

    private static List<string> ResetTokens(PlugsApiFactory api, string email) =>
        Mailbox.Messages(api, email).Select(m => Mailbox.TokenIn(m, "reset-password")).OfType<string>().ToList();

    [Fact]
    public async Task A_burst_of_sign_ups_from_one_address_is_cut_off_at_the_limit()
    {
        for (var round = 0; round < 3; round++)
        {
            using var client = api.CreateAnonymousClient();
            var emails = Enumerable.Range(0, Parallel).Select(i => Accounts.NewEmail($"burst{i}")).ToArray();
            var responses = await InParallelAsync(Parallel, i => RegisterAsync(client, emails[i]));

            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.TooManyRequests, $"round {round}: {(int)r.StatusCode}"));
            Assert.Equal(MaxRegistrationsPerIp, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
            for (var i = 0; i < Parallel; i++)
            {
                if (responses[i].StatusCode == HttpStatusCode.TooManyRequests)
                {
                    await AssertThrottledAsync(responses[i]);
                    // Nothing was created for a refused sign-up.
                    using var other = api.CreateAnonymousClient();
                    Assert.Equal(HttpStatusCode.Unauthorized, (await other.PostAsJsonAsync("/api/v1/auth/login", new { email = emails[i], password = Accounts.Password })).StatusCode);
                }
            }
        }
    }

    [Fact]
    public async Task The_sign_up_limit_lifts_when_its_window_has_passed()
    {
        await using var host = new FakeClockHost(api);
        using var client = host.CreateClient();
        var responses = await InParallelAsync(MaxRegistrationsPerIp + 1, i => RegisterAsync(client, Accounts.NewEmail($"w{i}")));
        var refused = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await AssertThrottledAsync(refused);

        host.Clock.Advance(refused.Headers.RetryAfter!.Delta!.Value - TimeSpan.FromSeconds(2));
        await AssertThrottledAsync(await RegisterAsync(client, Accounts.NewEmail("early")));
        host.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(client, Accounts.NewEmail("later"))).StatusCode);
    }

    [Fact]
    public async Task Forgot_password_answers_a_known_and_an_unknown_address_identically()
    {
        var account = await api.RegisterAsync();
        var unknown = Accounts.NewEmail("nobody");
        using var client = api.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Request-Id", "same-request-id");

        var known = await ForgotAsync(client, account.Email);
        var missing = await ForgotAsync(client, unknown);

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(known.StatusCode, missing.StatusCode);
        Assert.Equal(await known.Content.ReadAsByteArrayAsync(), await missing.Content.ReadAsByteArrayAsync());
        static string Headers(HttpResponseMessage r) => string.Join("\n", r.Headers.Concat(r.Content.Headers)
            .Where(h => h.Key != "Date").OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
        Assert.Equal(Headers(known), Headers(missing));

        await Mailbox.DeliveredAsync(api);
        Assert.Single(ResetTokens(api, account.Email));
        Assert.Empty(Mailbox.Messages(api, unknown));
    }

    [Fact]
    public async Task A_stranger_asking_again_and_again_neither_voids_the_owners_link_nor_keeps_them_from_a_new_one()
    {
        var owner = await api.RegisterAsync();
        using var ownersClient = api.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(ownersClient, owner.Email)).StatusCode);
        var first = await Mailbox.TokenSentToAsync(api, owner.Email, "reset-password");

        using var stranger = api.CreateAnonymousClient();
        var flood = await InParallelAsync(Parallel, _ => ForgotAsync(stranger, owner.Email));
        Assert.All(flood, r => Assert.True(r.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.TooManyRequests, $"{(int)r.StatusCode}"));
        Assert.Equal(MaxPasswordResetsPerIp, flood.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        await AssertThrottledAsync(flood.First(r => r.StatusCode == HttpStatusCode.TooManyRequests));

        Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(ownersClient, owner.Email)).StatusCode);
        await Mailbox.DeliveredAsync(api);
        var mailed = ResetTokens(api, owner.Email);
        Assert.Equal(1 + MaxPasswordResetsPerIp + 1, mailed.Count);

        // The owner's first link still works, and using it spends every other open one.
        using var anonymous = api.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsJsonAsync("/api/v1/auth/reset-password", new { token = first, new_password = "the owner's new passphrase" })).StatusCode);
        foreach (var token in mailed.Where(t => t != first))
        {
            await (await anonymous.PostAsJsonAsync("/api/v1/auth/reset-password", new { token, new_password = "a stranger's passphrase" }))
                .AssertCodeAsync(HttpStatusCode.BadRequest, "invalid_token");
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = owner.Email, password = "the owner's new passphrase" })).StatusCode);
    }

    [Fact]
    public async Task The_reset_limit_of_an_address_lifts_when_its_window_has_passed()
    {
        await using var host = new FakeClockHost(api);
        var account = await api.RegisterAsync();
        using var client = host.CreateClient();
        var responses = await InParallelAsync(MaxPasswordResetsPerIp + 1, i => ForgotAsync(client, Accounts.NewEmail($"r{i}")));
        var refused = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await AssertThrottledAsync(refused);

        host.Clock.Advance(refused.Headers.RetryAfter!.Delta!.Value - TimeSpan.FromSeconds(2));
        await AssertThrottledAsync(await ForgotAsync(client, account.Email));
        host.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(HttpStatusCode.Accepted, (await ForgotAsync(client, account.Email)).StatusCode);
        await Mailbox.DeliveredAsync(host.Services);
        Assert.Single(ResetTokens(api, account.Email));
    }
}

public sealed class SignUpAndResetLimitTestsOnSqlite(SqliteApiFactory api) : SignUpAndResetLimitTests(api), IClassFixture<SqliteApiFactory>;

public sealed class SignUpAndResetLimitTestsOnPostgres(PostgresApiFactory api) : SignUpAndResetLimitTests(api), IClassFixture<PostgresApiFactory>;
