namespace Plugs.Api.Platform.Http;

/// <summary>Search text as a LIKE pattern: <c>%…%</c>, lower-cased, with <c>%</c>, <c>_</c> and <c>\</c> taken literally (escape <c>\</c>).</summary>
public static class LikePattern
{
    public const string Escape = "\\";

    public static string Contains(string text) =>
        "%" + text.Trim().ToLowerInvariant()
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
