using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace Plugs.Api.Platform.Http;

/// <summary>
/// The one pagination mechanism (DESIGN §5): <c>skip</c> ≥ 0, <c>limit</c> 1–1000 (default 100);
/// the total goes in <c>X-Total-Count</c> and next/prev in <c>Link</c>; the body stays a JSON array.
/// </summary>
public sealed record PageQuery([FromQuery(Name = "skip")] int? Skip, [FromQuery(Name = "limit")] int? Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public int SkipValue => Skip ?? 0;
    public int LimitValue => Limit ?? DefaultLimit;

    /// <summary>How many rows a page ends after (<paramref name="skip"/> + <paramref name="take"/>), saturating instead of overflowing.</summary>
    public static int Through(int skip, int take) => (int)Math.Min((long)skip + take, int.MaxValue);

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
    public Task<List<T>> ToPageAsync<T>(IQueryable<T> query, HttpContext http, CancellationToken ct) =>
        ToPageAsync(query, query, http, ct);

    /// <summary>
    /// As above, counting <paramref name="matching"/> (the filtered rows before sorting and
    /// projecting, which <paramref name="rows"/> must be built from): the SQL is the same, but EF
    /// extracts parameters from and matches its cache on a much smaller expression tree.
    /// </summary>
    public Task<List<T>> ToPageAsync<TSource, T>(IQueryable<TSource> matching, IQueryable<T> rows, HttpContext http, CancellationToken ct) =>
        ToPageAsync(matching.CountAsync, (skip, take) => rows.Skip(skip).Take(take).AsAsyncEnumerable(), http, ct);

    /// <summary>As above, for queries that are not composed here (compiled queries): the total, then the rows of (skip, limit).</summary>
    public async Task<List<T>> ToPageAsync<T>(Func<CancellationToken, Task<int>> count, Func<int, int, IAsyncEnumerable<T>> rows, HttpContext http, CancellationToken ct)
    {
        Validate();
        var total = await count(ct);
        var items = new List<T>(Math.Min(LimitValue, total));
        await foreach (var item in rows(SkipValue, LimitValue).WithCancellation(ct))
        {
            items.Add(item);
        }
        WriteHeaders(http, total);
        return items;
    }

    private void WriteHeaders(HttpContext http, int total)
    {
        http.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        var links = new List<string>();
        var next = Through(SkipValue, LimitValue);
        if (next < total)
        {
            links.Add(Link(http, next, "next"));
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
