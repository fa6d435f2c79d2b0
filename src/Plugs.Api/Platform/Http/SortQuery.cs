using System.Linq.Expressions;

namespace Plugs.Api.Platform.Http;

/// <summary>
/// The fields a list may be sorted by, as a type, so that the query parameter's type
/// (<see cref="SortBy{TFields}"/>) carries them to the OpenAPI document:
/// <c>sealed class ContactSort : ISortFields&lt;Contact&gt; { public static … Fields { get; } = …; }</c>.
/// </summary>
public interface ISortFields<T>
{
    static abstract IReadOnlyDictionary<string, Expression<Func<T, object?>>> Fields { get; }
}

/// <summary>
/// <c>?sort=-created_at,last_name</c>, bound as <c>[FromQuery(Name = "sort")] SortBy&lt;ContactSort&gt;? sort</c>:
/// any text binds, so a bad key is our 422 listing the allowed fields (<see cref="SortQuery.Keys{T, TFields}"/>), and the
/// document describes the parameter from <typeparamref name="TFields"/> (a pattern of the allowed keys).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Minimal APIs bind a query value through a static TryParse on its type.")]
public readonly record struct SortBy<TFields>(string Text)
{
    public static bool TryParse(string? value, IFormatProvider? provider, out SortBy<TFields> result)
    {
        result = new SortBy<TFields>(value ?? "");
        return true;
    }
}

/// <summary>
/// Parses <c>sort=-created_at,last_name</c> against the fields an endpoint allows and applies it
/// in the database; an unknown field is a 422 listing the allowed ones. The id is always the
/// last key so that pages are stable, in the direction of the key before it, so that an index on
/// (…, key, id) serves the whole order in one scan.
/// </summary>
public static class SortQuery
{
    /// <summary>The most keys one <c>sort</c> may name.</summary>
    public const int MaxKeys = 5;

    public static IQueryable<T> ApplySort<T, TFields>(this IQueryable<T> query, SortBy<TFields>? sort, string defaultSort,
        Expression<Func<T, object?>> tieBreaker) where TFields : ISortFields<T> =>
        query.OrderByKeys(Keys<T, TFields>(sort, defaultSort), TFields.Fields, tieBreaker);

    /// <summary>The validated sort keys, spelled canonically (<c>-created_at</c>, <c>last_name</c>).</summary>
    public static string[] Keys<T, TFields>(SortBy<TFields>? sort, string defaultSort) where TFields : ISortFields<T>
    {
        var fields = TFields.Fields;
        var text = sort?.Text;
        var keys = (string.IsNullOrWhiteSpace(text) ? defaultSort : text)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (keys.Length == 0)
        {
            throw ValidationProblemException.For("sort", "Name at least one field, such as -created_at.");
        }
        if (keys.Length > MaxKeys)
        {
            throw ValidationProblemException.For("sort", $"At most {MaxKeys} sort keys.");
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
