using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Plugs.Api.Platform.Http;

/// <summary>
/// Optimistic concurrency for single resources: the ETag is derived from <c>updated_at</c>,
/// which every write advances; <c>If-Match</c> on PATCH/DELETE must name the current one or the
/// request fails with 412 and changes nothing.
/// </summary>
public static class ETags
{
    public static string For(DateTime updatedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{updatedAt.Ticks:x}\"");

    public static void Write(HttpContext http, DateTime updatedAt) => http.Response.Headers.ETag = For(updatedAt);

    public static void CheckIfMatch(HttpContext http, DateTime updatedAt)
    {
        var header = http.Request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return;
        }
        var current = For(updatedAt);
        if (!EntityTagHeaderValue.TryParseList(header, out var tags)
            || !tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Tag.Equals(current, StringComparison.Ordinal)))
        {
            throw ProblemException.PreconditionFailed("The resource has changed since it was read (If-Match does not match its ETag).");
        }
    }
}
