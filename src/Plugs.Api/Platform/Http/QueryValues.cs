using Plugs.Data.Common;

namespace Plugs.Api.Platform.Http;

/// <summary>
/// A snake_case enum in the query string (<c>?status=hot_lead</c>), bound as
/// <c>[FromQuery(Name = "status")] QueryChoice&lt;ContactStatus&gt;? status</c>. It binds any text, so an
/// unknown value is our 422 naming the parameter and listing the allowed values (not the
/// framework's 400), and its type tells the OpenAPI document those values (a string enum).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "Minimal APIs bind a query value through a static TryParse on its type.")]
public readonly record struct QueryChoice<TEnum>(string Text) : IQueryChoice where TEnum : struct, Enum
{
    public static bool TryParse(string? value, IFormatProvider? provider, out QueryChoice<TEnum> result)
    {
        result = new QueryChoice<TEnum>(value ?? "");
        return true;
    }

    public static IEnumerable<string> Names => EnumNames.All<TEnum>();
}

/// <summary>What the OpenAPI document reads from a <see cref="QueryChoice{TEnum}"/> parameter's type.</summary>
public interface IQueryChoice
{
    static abstract IEnumerable<string> Names { get; }
}

/// <summary>Query-string values the framework cannot bind the way the API spells them (snake_case enums).</summary>
public static class QueryValues
{
    /// <summary><c>hot_lead</c> → <c>ContactStatus.HotLead</c>; null when absent; 422 naming the field when unknown.</summary>
    public static TEnum? Enum<TEnum>(QueryChoice<TEnum>? value, string field) where TEnum : struct, System.Enum =>
        Enum<TEnum>(value?.Text, field);

    /// <inheritdoc cref="Enum{TEnum}(QueryChoice{TEnum}?, string)"/>
    public static TEnum? Enum<TEnum>(string? value, string field) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (EnumNames.TryParse<TEnum>(value, out var parsed))
        {
            return parsed;
        }
        throw ValidationProblemException.For(field, $"Must be one of: {string.Join(", ", EnumNames.All<TEnum>())}.");
    }
}
