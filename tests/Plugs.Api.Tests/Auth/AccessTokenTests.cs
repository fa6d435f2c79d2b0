using Microsoft.IdentityModel.JsonWebTokens;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Auth;

/// <summary>Forged, altered and stale access tokens are all 401 with a problem body.</summary>
public abstract class AccessTokenTests(PlugsApiFactory api)
{
    private static string Mint(Account account, string key = PlugsApiFactory.SigningKey, string issuer = "the-plugs", string audience = "the-plugs-api",
        DateTime? expires = null, string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var now = DateTime.UtcNow;
        var exp = expires ?? now.AddMinutes(10);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = exp.AddMinutes(-15),
            NotBefore = exp.AddMinutes(-15),
            Expires = exp,
            Subject = new ClaimsIdentity([new("sub", account.UserId.ToString()), new("org", account.OrganizationId.ToString()), new("sid", SessionOf(account))]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(key)), algorithm),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static string SessionOf(Account account) =>
        new JsonWebTokenHandler().ReadJsonWebToken(account.AccessToken).GetClaim("sid").Value;

    private async Task AssertRefused(string token)
    {
        using var client = api.CreateClient(token);
        var response = await client.GetAsync("/api/v1/auth/me");
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_correctly_minted_token_is_accepted_so_the_refusals_below_mean_something()
    {
        var account = await api.RegisterAsync();
        using var client = api.CreateClient(Mint(account));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Alg_none_is_refused()
    {
        var account = await api.RegisterAsync();
        var parts = account.AccessToken.Split('.');
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        await AssertRefused($"{header}.{parts[1]}.");
    }

    [Fact]
    public async Task A_wrong_signature_is_refused()
    {
        var account = await api.RegisterAsync();
        await AssertRefused(Mint(account, key: Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('k', 48)))));
    }

    [Fact]
    public async Task A_tampered_payload_is_refused()
    {
        var account = await api.RegisterAsync();
        var other = await api.RegisterAsync();
        var parts = account.AccessToken.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace(account.OrganizationId.ToString(), other.OrganizationId.ToString(), StringComparison.Ordinal);
        await AssertRefused($"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}");
    }

    [Theory]
    [InlineData("someone-else", "the-plugs-api")]
    [InlineData("the-plugs", "another-api")]
    public async Task A_wrong_issuer_or_audience_is_refused(string issuer, string audience)
    {
        var account = await api.RegisterAsync();
        await AssertRefused(Mint(account, issuer: issuer, audience: audience));
    }

    [Fact]
    public async Task An_expired_token_is_refused_beyond_the_small_clock_skew()
    {
        var account = await api.RegisterAsync();
        await AssertRefused(Mint(account, expires: DateTime.UtcNow.AddMinutes(-2)));
        using var withinSkew = api.CreateClient(Mint(account, expires: DateTime.UtcNow.AddSeconds(-5)));
        Assert.Equal(HttpStatusCode.OK, (await withinSkew.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_validly_signed_token_for_an_unknown_session_is_refused()
    {
        var account = await api.RegisterAsync();
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "the-plugs",
            Audience = "the-plugs-api",
            Expires = DateTime.UtcNow.AddMinutes(5),
            Subject = new ClaimsIdentity([new("sub", account.UserId.ToString()), new("org", account.OrganizationId.ToString()), new("sid", Guid.NewGuid().ToString())]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(PlugsApiFactory.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
        await AssertRefused(forged);
    }

    [Fact]
    public async Task No_token_and_a_junk_token_are_refused()
    {
        using var anonymous = api.CreateAnonymousClient();
        await (await anonymous.GetAsync("/api/v1/auth/me")).ProblemAsync(HttpStatusCode.Unauthorized);
        await AssertRefused("not.a.jwt");
    }
}

public sealed class AccessTokenTestsOnSqlite(SqliteApiFactory api) : AccessTokenTests(api), IClassFixture<SqliteApiFactory>;

public sealed class AccessTokenTestsOnPostgres(PostgresApiFactory api) : AccessTokenTests(api), IClassFixture<PostgresApiFactory>;
