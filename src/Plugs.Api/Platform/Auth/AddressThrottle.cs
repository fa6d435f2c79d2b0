using Microsoft.Extensions.Options;
using Plugs.Api.Platform.Caching;

namespace Plugs.Api.Platform.Auth;

/// <summary>
/// Budgets per client address for the anonymous requests that cost the server work or send mail
/// to someone: sign-ups (<see cref="AuthOptions.MaxRegistrationsPerIp"/>) and forgot-password
/// (<see cref="AuthOptions.MaxPasswordResetsPerIp"/>). A request is counted atomically before any of
/// that work and refused with 429 and Retry-After when its count is over the budget, so a burst of
/// N gets exactly the budget through. Neither depends on what the request names, so a refusal
/// tells nothing about any account. Counters live in the shared state store (all instances).
/// </summary>
public sealed class AddressThrottle(IAttemptCounter counter, IOptions<AuthOptions> options)
{
    public Task CountRegistrationAsync(string? ip) =>
        CountAsync("register:ip:", ip, options.Value.MaxRegistrationsPerIp, options.Value.RegistrationWindowSeconds,
            "Too many sign-ups from this address. Try again later.");

    public Task CountPasswordResetAsync(string? ip) =>
        CountAsync("forgot:ip:", ip, options.Value.MaxPasswordResetsPerIp, options.Value.PasswordResetWindowSeconds,
            "Too many password reset requests from this address. Try again later.");

    private async Task CountAsync(string budget, string? ip, int limit, int windowSeconds, string detail)
    {
        var (count, remaining) = await counter.IncrementAsync(budget + (ip ?? "unknown"), TimeSpan.FromSeconds(windowSeconds));
        if (count > limit)
        {
            throw new TooManyRequestsException(remaining, detail);
        }
    }
}
