using System.Linq.Expressions;

namespace Plugs.Api.Platform.Http;

/// <summary>
/// Parses <c>sort=-created_at,last_name</c> against the fields an endpoint allows and applies it
/// in the database; an unknown field is a 422 listing the allowed ones. The id is always the
/// last key so that pages are stable, in the direction of the key before it, so that an index on
/// (…, key, id) serves the whole order in one scan.
/// </summary>
public static class SortQuery
{
    public static IQueryable<T> ApplySort<T>(this IQueryable<T> query, string? sort, string defaultSort,
        IReadOnlyDictionary<string, Expression<Func<T, object?>>> fields, Expression<Func<T, object?>> tieBreaker) =>
        query.OrderByKeys(Keys(sort, defaultSort, fields), fields, tieBreaker);

    /// <summary>The validated sort keys, spelled canonically (<c>-created_at</c>, <c>last_name</c>).</summary>
    public static string[] Keys<T>(string? sort, string defaultSort, IReadOnlyDictionary<string, Expression<Func<T, object?>>> fields)
    {
        var keys = (string.IsNullOrWhiteSpace(sort) ? defaultSort : sort)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (keys.Length == 0)
        {
            throw ValidationProblemException.For("sort", "Name at least one field, such as -created_at.");
        }
        if (keys.Length > 5)
        {
            throw ValidationProblemException.For("sort", "At most 5 sort keys.");
        }
        for (var i = 0; i < keys.Length; i++)
        {
            var name = keys[i].TrimStart('-', '+');
            if (!fields.ContainsKey(name))
            {
                throw ValidationProblemException.For("sort", $"Unknown sort field '{name}'. Allowed: {string.Join(", ", fields.Keys)}.");
            }
            keys[i] = keys[i].StartsWith('-') ? "-" + name : name;
        }
        return keys;
    }

    /// <summary>Orders by keys from <see cref="Keys"/>, then by the tie-breaker.</summary>
    public static IQueryable<T> OrderByKeys<T>(this IQueryable<T> query, IReadOnlyList<string> keys,
        IReadOnlyDictionary<string, Expression<Func<T, object?>>> fields, Expression<Func<T, object?>> tieBreaker)
    {
        IOrderedQueryable<T>? ordered = null;
        var descending = false;
        foreach (var key in keys)
        {
            descending = key.StartsWith('-');
            var field = fields[key.TrimStart('-')];
            ordered = ordered is null
                ? descending ? query.OrderByDescending(field) : query.OrderBy(field)
                : descending ? ordered.ThenByDescending(field) : ordered.ThenBy(field);
        }
        return descending ? ordered!.ThenByDescending(tieBreaker) : ordered!.ThenBy(tieBreaker);
    }
}
