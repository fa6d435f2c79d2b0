using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Plugs.Api.Platform.Auth;

/// <summary>
/// The access-token handler, remembering each token it has validated until that token expires.
/// A client sends the same token on every request for its 15 minutes; checking its signature,
/// issuer, audience and lifetime again each time (parsing, HMAC, building claims) cost the
/// busiest read about 6 % of its throughput (bench/README.md). What is remembered is only what
/// the token itself proves: whether its session is still live is checked on every request all
/// the same (see <see cref="SessionCheck"/>), so logout and revocation bite exactly as before.
/// An entry never outlives its token's expiry plus the clock skew, only tokens that validated are
/// kept, the cache is bounded, and every request gets its own copy of the claims. It serves the
/// API's one bearer scheme, whose validation parameters and signing key are fixed at startup.
/// Expiry is read from the same clock as the validation's (<paramref name="clock"/>).
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider clock) : JsonWebTokenHandler, IDisposable
{
    /// <summary>Tokens remembered at most (each a few hundred bytes); beyond it new ones are validated but not kept.</summary>
    public const int Capacity = 20_000;

    private readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (_validated.TryGetValue(token, out Entry? known))
        {
            if (clock.GetUtcNow() < known!.Expires)
            {
                return Copy(known.Result);
            }
            _validated.Remove(token);
        }
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken { ValidTo: var validTo } && validTo != DateTime.MinValue)
        {
            var expires = new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc)) + validationParameters.ClockSkew;
            _validated.Set(token, new Entry(Copy(result), expires), new MemoryCacheEntryOptions
            {
                AbsoluteExpiration = expires, // frees the memory; the check above decides
                Size = 1,
            });
        }
        return result;
    }

    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        SecurityToken = result.SecurityToken,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        Issuer = result.Issuer,
        TokenType = result.TokenType,
    };

    private sealed record Entry(TokenValidationResult Result, DateTimeOffset Expires);

    public void Dispose() => _validated.Dispose();
}
