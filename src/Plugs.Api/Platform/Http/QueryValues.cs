using Plugs.Data.Common;

namespace Plugs.Api.Platform.Http;

/// <summary>Query-string values the framework cannot bind the way the API spells them (snake_case enums).</summary>
public static class QueryValues
{
    /// <summary><c>hot_lead</c> → <c>ContactStatus.HotLead</c>; null when absent; 422 naming the field when unknown.</summary>
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
