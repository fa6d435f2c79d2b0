using Microsoft.Extensions.Options;
using Plugs.Api.Platform.Caching;

namespace Plugs.Api.Platform.Auth;

/// <summary>
/// Brute-force protection for password checks: after <see cref="AuthOptions.MaxFailedLogins"/>
/// consecutive failures for one e-mail (whether or not it exists), or too many from one IP,
/// further attempts answer 429 with Retry-After until the window passes. Counters live in the
/// shared state store, so the limit holds across instances.
/// </summary>
public sealed class LoginThrottle(IAttemptCounter counter, IOptions<AuthOptions> options)
{
    private TimeSpan Window => TimeSpan.FromSeconds(options.Value.LockoutSeconds);

    public async Task EnsureAllowedAsync(string email, string? ip)
    {
        var account = await counter.GetAsync(AccountKey(email));
        if (account.Count >= options.Value.MaxFailedLogins)
        {
            throw new TooManyRequestsException(account.Remaining, "Too many failed attempts. Try again later.");
        }
        var address = await counter.GetAsync(IpKey(ip));
        if (address.Count >= options.Value.MaxFailedLoginsPerIp)
        {
            throw new TooManyRequestsException(address.Remaining, "Too many failed attempts. Try again later.");
        }
    }

    public async Task RecordFailureAsync(string email, string? ip)
    {
        await counter.IncrementAsync(AccountKey(email), Window);
        await counter.IncrementAsync(IpKey(ip), Window);
    }

    public Task RecordSuccessAsync(string email) => counter.ResetAsync(AccountKey(email));

    private static string AccountKey(string email) => "login:account:" + email;
    private static string IpKey(string? ip) => "login:ip:" + (ip ?? "unknown");
}
