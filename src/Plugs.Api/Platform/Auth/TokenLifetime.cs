using Microsoft.IdentityModel.Tokens;

namespace Plugs.Api.Platform.Auth;

/// <summary>
/// Access-token lifetimes judged on the API's one clock (<see cref="TimeProvider"/>), not the
/// library's private one, so the cache, the sessions and the tokens agree — and tests move time
/// with a fake clock instead of sleeping. The rule is the library's: an expiry is required, and
/// a token is valid from not-before to expiry, each widened by the clock skew.
/// </summary>
public static class TokenLifetime
{
    public static LifetimeValidator On(TimeProvider clock) => (notBefore, expires, _, parameters) =>
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return expires is { } until
            && now < until.ToUniversalTime() + parameters.ClockSkew
            && (notBefore is not { } from || now >= from.ToUniversalTime() - parameters.ClockSkew);
    };
}
