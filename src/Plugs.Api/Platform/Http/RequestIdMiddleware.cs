using System.Buffers;

namespace Plugs.Api.Platform.Http;

/// <summary>
/// Gives every request an id: the caller's <c>X-Request-Id</c> when it is a sane token, else a
/// new one. It becomes the trace identifier, is echoed in the response, rides on every log line
/// of the request (logging scope) and appears in problem details as <c>request_id</c>.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string Header = "X-Request-Id";
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    public async Task InvokeAsync(HttpContext http)
    {
        var incoming = http.Request.Headers[Header].ToString();
        var id = incoming.Length is > 0 and <= 128 && !incoming.AsSpan().ContainsAnyExcept(Allowed)
            ? incoming
            : Guid.CreateVersion7().ToString("N");
        http.TraceIdentifier = id;
        http.Response.Headers[Header] = id;
        using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = id }))
        {
            await next(http);
        }
    }
}
