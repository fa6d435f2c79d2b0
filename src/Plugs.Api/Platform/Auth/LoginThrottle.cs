using Microsoft.Extensions.Options;
using Plugs.Api.Platform.Caching;

namespace Plugs.Api.Platform.Auth;

/// <summary>
/// Brute-force protection for password checks: at most <see cref="AuthOptions.MaxFailedLogins"/>
/// consecutive failures for one e-mail (whether or not it exists) and
/// <see cref="AuthOptions.MaxFailedLoginsPerIp"/> from one client address per
/// <see cref="AuthOptions.LockoutSeconds"/>; beyond them, 429 with Retry-After until the window ends.
/// Every attempt is counted atomically (<see cref="IAttemptCounter"/>) <em>before</em> its password
/// is checked, and refused when its count is over the limit: so of N simultaneous attempts at most
/// the limit are ever checked, however they interleave. A correct password then takes its attempt
/// back: it resets the e-mail's count and releases its place in the address's. Counters live in the
/// shared state store, so the limits hold across instances. One instance per request (scoped).
/// </summary>
public sealed class LoginThrottle(IAttemptCounter counter, IOptions<AuthOptions> options)
{
    private string? _countedAddress;

    private TimeSpan Window => TimeSpan.FromSeconds(options.Value.LockoutSeconds);

    /// <summary>Counts this request's attempt against the client address (once); 429 when it is over the limit.</summary>
    public async Task CountAddressAsync(string? ip)
    {
        if (_countedAddress is not null)
        {
            return;
        }
        _countedAddress = IpKey(ip);
        var (count, remaining) = await counter.IncrementAsync(_countedAddress, Window);
        if (count > options.Value.MaxFailedLoginsPerIp)
        {
            throw new TooManyRequestsException(remaining, "Too many failed attempts. Try again later.");
        }
    }

    /// <summary>Counts this request's attempt against the e-mail; 429 when it is over the limit.</summary>
    public async Task CountAccountAsync(string email)
    {
        var (count, remaining) = await counter.IncrementAsync(AccountKey(email), Window);
        if (count > options.Value.MaxFailedLogins)
        {
            throw new TooManyRequestsException(remaining, "Too many failed attempts. Try again later.");
        }
    }

    /// <summary>The password was right: the e-mail's failures start over, and this attempt no longer counts against the address.</summary>
    public async Task RecordSuccessAsync(string email)
    {
        await counter.ResetAsync(AccountKey(email));
        if (_countedAddress is not null)
        {
            await counter.ReleaseAsync(_countedAddress);
        }
    }

    private static string AccountKey(string email) => "login:account:" + email;
    private static string IpKey(string? ip) => "login:ip:" + (ip ?? "unknown");
}

public static class LoginThrottleEndpoints
{
    /// <summary>
    /// Counts every request to the endpoint against its client address before the body is
    /// validated, so a request the validator refuses is an attempt like any other and an address
    /// over its limit is refused whatever it sends.
    /// </summary>
    public static RouteHandlerBuilder CountsLoginAttempts(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            await http.RequestServices.GetRequiredService<LoginThrottle>().CountAddressAsync(http.Connection.RemoteIpAddress?.ToString());
            return await next(context);
        }).ProducesProblem(StatusCodes.Status429TooManyRequests);
}
