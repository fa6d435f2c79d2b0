using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Plugs.Api.Platform.Http;

/// <summary>
/// Optimistic concurrency for single resources: the ETag is derived from <c>updated_at</c>,
/// which every write advances; <c>If-Match</c> on PATCH/DELETE must name the current one or the
/// request fails with 412 and changes nothing. Handlers check it against the row they read; the
/// write itself is conditional on that row's <c>updated_at</c> (see <see cref="WriteRaces"/>), so
/// the check holds at the moment of the write.
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
            throw Stale();
        }
    }

    /// <summary>
    /// Whether the request makes its write conditional on a version (<c>If-Match</c> naming an
    /// ETag): <c>If-Match: *</c> asks only that the resource exists, as no header does for a write.
    /// </summary>
    public static bool NamesAVersion(HttpRequest request) =>
        request.Headers.IfMatch.Count > 0 && !request.Headers.IfMatch.All(v => v?.Trim() == "*");

    /// <summary>The 412 of a write whose If-Match no longer names the current version.</summary>
    public static ProblemException Stale() =>
        ProblemException.PreconditionFailed("The resource has changed since it was read (If-Match does not match its ETag).");
}
