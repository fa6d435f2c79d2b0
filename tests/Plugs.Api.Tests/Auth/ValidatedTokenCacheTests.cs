using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.Time.Testing;
using Plugs.Api.Platform.Auth;

namespace Plugs.Api.Tests.Auth;

/// <summary>
/// The handler that remembers validated access tokens (the HTTP-level token tests run through it
/// too): a remembered token still expires on time, a refused one is never remembered, and one
/// request's claims cannot leak into another's.
/// </summary>
public sealed class ValidatedTokenCacheTests : IDisposable
{
    private static readonly SymmetricSecurityKey Key = new(Enumerable.Range(1, 48).Select(i => (byte)i).ToArray());
    // A whole second: JWT times are whole seconds.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 6, 1, 9, 0, 0, TimeSpan.Zero));

    private TokenValidationParameters Parameters => new()
    {
        LifetimeValidator = TokenLifetime.On(_clock),
        ValidIssuer = "issuer",
        ValidAudience = "audience",
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.Zero,
    };

    private readonly ValidatedTokenCache _handler;

    public ValidatedTokenCacheTests() => _handler = new(_clock);

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    private string Mint(DateTime expires, SecurityKey? key = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "issuer",
        Audience = "audience",
        IssuedAt = Now,
        NotBefore = Now.AddMinutes(-1),
        Expires = expires,
        Subject = new ClaimsIdentity([new Claim("sub", "someone")]),
        SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.HmacSha256),
    });

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_expires()
    {
        var token = Mint(Now.AddSeconds(2));
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters)).IsValid);
        _clock.Advance(TimeSpan.FromSeconds(1.9));
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters)).IsValid);
        _clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.False((await _handler.ValidateTokenAsync(token, Parameters)).IsValid);
        Assert.False((await _handler.ValidateTokenAsync(token, Parameters)).IsValid);
    }

    [Fact]
    public async Task A_refused_token_stays_refused_and_tampering_is_caught()
    {
        var forged = Mint(Now.AddMinutes(5), new SymmetricSecurityKey(new byte[48]));
        Assert.False((await _handler.ValidateTokenAsync(forged, Parameters)).IsValid);
        Assert.False((await _handler.ValidateTokenAsync(forged, Parameters)).IsValid);

        var token = Mint(Now.AddMinutes(5));
        Assert.True((await _handler.ValidateTokenAsync(token, Parameters)).IsValid);
        var parts = token.Split('.');
        var tampered = $"{parts[0]}.{parts[1]}.{parts[2][..^2]}AA";
        Assert.False((await _handler.ValidateTokenAsync(tampered, Parameters)).IsValid);
    }

    [Fact]
    public async Task Every_validation_gets_its_own_claims()
    {
        var token = Mint(Now.AddMinutes(5));
        var first = await _handler.ValidateTokenAsync(token, Parameters);
        first.ClaimsIdentity.AddClaim(new Claim("role", "admin"));
        var second = await _handler.ValidateTokenAsync(token, Parameters);
        var third = await _handler.ValidateTokenAsync(token, Parameters);
        Assert.True(second.IsValid);
        Assert.Equal("someone", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.Null(second.ClaimsIdentity.FindFirst("role"));
        second.ClaimsIdentity.AddClaim(new Claim("role", "admin"));
        Assert.Null(third.ClaimsIdentity.FindFirst("role"));
        Assert.NotSame(second.ClaimsIdentity, third.ClaimsIdentity);
    }

    public void Dispose() => _handler.Dispose();
}
