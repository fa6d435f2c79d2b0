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

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, System.Reflection.PropertyInfo?> Versions = new();

    /// <summary>The <c>UpdatedAt</c> of a single-resource response type, or null for anything else (lists, reports).</summary>
    private static System.Reflection.PropertyInfo? VersionOf(Type type) => Versions.GetOrAdd(type, t =>
        t.GetProperty("UpdatedAt") is { PropertyType: var p } property && p == typeof(DateTime) ? property : null);

    /// <summary>The ETag of a single-resource response, or null for anything else.</summary>
    public static string? Of(object value) => VersionOf(value.GetType()) is { } version ? For((DateTime)version.GetValue(value)!) : null;

    /// <summary>Whether responses of <paramref name="type"/> carry an ETag (<see cref="WriteETags"/>).</summary>
    public static bool IsVersioned(Type type) => VersionOf(type) is not null;

    /// <summary>
    /// Every successful answer that is one resource with an <c>updated_at</c> carries its ETag —
    /// a read, a create, a PATCH, an action — whatever the handler wrote, so clients and the
    /// OpenAPI document can count on it.
    /// </summary>
    public static RouteGroupBuilder WriteETags(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } and IValueHttpResult { Value: { } value }
                && Of(value) is { } etag)
            {
                context.HttpContext.Response.Headers.ETag = etag;
            }
            return result;
        });
        return group;
    }

    /// <summary>
    /// Declares that the endpoint makes its write conditional on <c>If-Match</c> (it calls
    /// <see cref="CheckIfMatch"/>): the OpenAPI document lists the header and the 412 from this, and
    /// <see cref="CheckIfMatch"/> refuses to run on an endpoint without it, so the two cannot drift.
    /// </summary>
    public static TBuilder HonoursIfMatch<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(HonoursIfMatchMetadata.Instance);

    /// <summary>412 unless <c>If-Match</c> is absent, <c>*</c>, or names <paramref name="updatedAt"/>'s version.</summary>
    public static void CheckIfMatch(HttpContext http, DateTime updatedAt)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<HonoursIfMatchMetadata>() is null)
        {
            throw new InvalidOperationException($"{http.Request.Method} {http.GetEndpoint()?.DisplayName}: declare .HonoursIfMatch() on the endpoint, so the document lists If-Match.");
        }
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

/// <summary>Marks an endpoint that honours <c>If-Match</c> (<see cref="ETags.HonoursIfMatch{TBuilder}"/>).</summary>
public sealed class HonoursIfMatchMetadata
{
    public static readonly HonoursIfMatchMetadata Instance = new();

    private HonoursIfMatchMetadata()
    {
    }
}
