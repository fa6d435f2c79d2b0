using System.Buffers;

namespace Plugs.Api.Platform.Http;

/// <summary>
/// Gives every request an id: the caller's <c>X-Request-Id</c> when it is a sane token, else a
/// new one. It becomes the trace identifier, is echoed in the response, rides on every log line
/// of the request (logging scope), appears in problem details as <c>request_id</c>, and with the
/// caller's address and user agent goes into the request's audit rows (<see cref="Plugs.Data.Audit.RequestOrigin"/>).
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-Id";
    /// <summary>The longest user agent an audit row keeps (<c>audit_logs.user_agent</c>).</summary>
    public const int UserAgentLength = 500;
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    public async Task InvokeAsync(HttpContext http, Plugs.Data.Audit.RequestOrigin origin)
    {
        var incoming = http.Request.Headers[Header].ToString();
        var id = incoming.Length is > 0 and <= 128 && !incoming.AsSpan().ContainsAnyExcept(Allowed)
            ? incoming
            : Guid.CreateVersion7().ToString("N");
        http.TraceIdentifier = id;
        http.Response.Headers[Header] = id;
        // What the request's audit rows record about where it came from.
        origin.RequestId = id;
        origin.IpAddress = http.Connection.RemoteIpAddress?.ToString();
        var agent = http.Request.Headers.UserAgent.ToString();
        origin.UserAgent = agent.Length == 0 ? null : agent[..Math.Min(agent.Length, UserAgentLength)];
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = id }))
        {
            await next(http);
        }
    }
}
