using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Plugs.Api.Platform.Outgoing;

namespace Plugs.Api.Features.Webhooks;

/// <summary>What one attempt found: the status (null when no answer came), a short reason, the receiver's <c>Retry-After</c>.</summary>
public sealed record WebhookAttempt(int? StatusCode, string? Error, TimeSpan? RetryAfter, int DurationMs)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;

    public bool Gone => StatusCode == (int)HttpStatusCode.Gone;
}

/// <summary>
/// Sends one delivery as Standard Webhooks asks: a POST of the event's JSON with <c>webhook-id</c>
/// (the event id), <c>webhook-timestamp</c> (now, Unix seconds) and <c>webhook-signature</c> (one
/// <c>v1,</c> signature per live secret), through the SSRF-guarded client (public addresses only,
/// checked at connect time; no redirects; 10 s; at most 64 KB of the answer read, then dropped).
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, OutgoingHttp outgoing, TimeProvider clock)
{
    /// <summary>The longest one attempt takes (connect and answer).</summary>
    public TimeSpan Timeout => outgoing.Options.Timeout;

    public async Task<WebhookAttempt> SendAsync(string url, Guid eventId, string payload, IReadOnlyList<string> secrets, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        var id = eventId.ToString();
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(id, timestamp, body, secrets));
        var started = Stopwatch.GetTimestamp();
        int Elapsed() => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            using var response = await clients.CreateClient(OutgoingHttp.ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            await outgoing.ReadBoundedAsync(response, ct); // read, so the connection can be reused; never stored
            var code = (int)response.StatusCode;
            return new WebhookAttempt(code, response.IsSuccessStatusCode ? null : $"HTTP {code}", RetryAfter(response.Headers.RetryAfter), Elapsed());
        }
        catch (RefusedTargetException e)
        {
            return new WebhookAttempt(null, e.Message, null, Elapsed());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new WebhookAttempt(null, $"No answer within {outgoing.Options.Timeout.TotalSeconds:0} s.", null, Elapsed());
        }
        catch (HttpRequestException e)
        {
            return new WebhookAttempt(null, Cut(e.InnerException?.Message ?? e.Message), null, Elapsed());
        }
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when date > clock.GetUtcNow() => date - clock.GetUtcNow(),
        _ => null,
    };

    private static string Cut(string message) => message.Length <= 500 ? message : message[..500];
}
