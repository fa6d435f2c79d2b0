using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Plugs.Data.Common;

/// <summary>Stores an enum as its snake_case name (<c>HotLead</c> → <c>hot_lead</c>), the spelling the API and the CHECK constraints use.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => EnumNames.Of(v),
    v => EnumNames.Parse<TEnum>(v))
    where TEnum : struct, Enum;

public static class EnumNames
{
    private static class Cache<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ToName =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

        public static readonly Dictionary<string, TEnum> FromName = ToName.ToDictionary(p => p.Value, p => p.Key);
    }

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Cache<TEnum>.ToName[value];

    public static TEnum Parse<TEnum>(string name) where TEnum : struct, Enum => Cache<TEnum>.FromName[name];

    public static bool TryParse<TEnum>(string name, out TEnum value) where TEnum : struct, Enum =>
        Cache<TEnum>.FromName.TryGetValue(name, out value);

    public static IEnumerable<string> All<TEnum>() where TEnum : struct, Enum => Cache<TEnum>.ToName.Values;

    /// <summary>The CHECK constraint body listing every allowed value.</summary>
    public static string CheckIn<TEnum>(string column) where TEnum : struct, Enum =>
        $"{column} IN ({string.Join(", ", All<TEnum>().Select(v => $"'{v}'"))})";
}
