using System.Globalization;

namespace Plugs.Api.Platform.Http;

/// <summary>
/// The one pagination mechanism (DESIGN §5): <c>skip</c> ≥ 0, <c>limit</c> 1–1000 (default 100);
/// the total goes in <c>X-Total-Count</c> and next/prev in <c>Link</c>; the body stays a JSON array.
/// </summary>
public sealed record PageQuery(int? Skip, int? Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public int SkipValue => Skip ?? 0;
    public int LimitValue => Limit ?? DefaultLimit;

    public void Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Skip is < 0)
        {
            errors["skip"] = ["Must be 0 or more."];
        }
        if (Limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"Must be between 1 and {MaxLimit}."];
        }
        if (errors.Count > 0)
        {
            throw new ValidationProblemException(errors);
        }
    }

    /// <summary>Counts, pages and projects in the database, and writes the paging headers.</summary>
    public async Task<List<T>> ToPageAsync<T>(IQueryable<T> query, HttpContext http, CancellationToken ct)
    {
        Validate();
        var total = await query.CountAsync(ct);
        var items = await query.Skip(SkipValue).Take(LimitValue).ToListAsync(ct);
        WriteHeaders(http, total);
        return items;
    }

    private void WriteHeaders(HttpContext http, int total)
    {
        http.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        var links = new List<string>();
        var next = (long)SkipValue + LimitValue;
        if (next < total)
        {
            links.Add(Link(http, (int)next, "next"));
        }
        if (SkipValue > 0)
        {
            links.Add(Link(http, Math.Max(0, SkipValue - LimitValue), "prev"));
        }
        if (links.Count > 0)
        {
            http.Response.Headers.Link = string.Join(", ", links);
        }
    }

    private string Link(HttpContext http, int skip, string rel)
    {
        var query = http.Request.Query
            .Where(q => q.Key is not ("skip" or "limit"))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append(string.Create(CultureInfo.InvariantCulture, $"skip={skip}"))
            .Append(string.Create(CultureInfo.InvariantCulture, $"limit={LimitValue}"));
        return $"<{http.Request.PathBase}{http.Request.Path}?{string.Join('&', query)}>; rel=\"{rel}\"";
    }
}
