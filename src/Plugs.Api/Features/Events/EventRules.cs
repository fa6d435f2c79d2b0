using System.Text.Json;
using System.Text.RegularExpressions;

namespace Plugs.Api.Features.Events;

/// <summary>Field rules shared by the event, attendee and agenda requests, matching the columns and CHECKs.</summary>
internal static partial class EventRules
{
    public const decimal MaxBudget = 9_999_999_999.99m;
    public const int MaxJsonBytes = 16 * 1024;
    public const int MaxCapacity = 1_000_000;

    /// <summary>Canonical IANA names only (<see cref="EventTimeZones"/>); a link is refused with the name to use instead.</summary>
    public static IRuleBuilderOptions<T, string?> TimeZone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => v is null || EventTimeZones.IsAccepted(v))
            .WithMessage((_, v) => EventTimeZones.CanonicalOf(v) is { } canonical
                ? $"Must be a canonical IANA time zone name: use {canonical}."
                : "Must be a canonical IANA time zone name, such as Europe/Paris, America/New_York or UTC.");

    public static IRuleBuilderOptions<T, string?> Currency<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => v is null || CurrencyCode().IsMatch(v)).WithMessage("Must be an ISO 4217 code: three capital letters, such as EUR.");

    public static IRuleBuilderOptions<T, decimal?> Budget<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.InclusiveBetween(0m, MaxBudget)
            .Must(v => v is null || decimal.Round(v.Value, 2) == v.Value).WithMessage("At most two decimals.");

    public static IRuleBuilderOptions<T, int?> Capacity<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(1, MaxCapacity);

    public static IRuleBuilderOptions<T, JsonElement?> JsonObject<T>(this IRuleBuilder<T, JsonElement?> rule) =>
        rule.Must(v => v is null || v.Value.ValueKind == JsonValueKind.Object).WithMessage("Must be a JSON object.")
            .Must(v => v is null || v.Value.GetRawText().Length <= MaxJsonBytes).WithMessage($"At most {MaxJsonBytes} bytes.");

    /// <summary>Dates far outside any real event would overflow time-zone arithmetic (calendars): keep them to 1900–2199.</summary>
    public static IRuleBuilderOptions<T, DateTimeOffset?> EventTime<T>(this IRuleBuilder<T, DateTimeOffset?> rule) =>
        rule.Must(v => v is null || v.Value.UtcDateTime.Year is >= 1900 and < 2200).WithMessage("Must be between 1900 and 2199.");

    public static IRuleBuilderOptions<T, string?> Title<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(255).Must(v => v is null || v.Trim().Length > 0).WithMessage("Must not be blank.");

    /// <summary>Money on the wire always has exactly two decimals (DESIGN §5), whichever provider stored it.</summary>
    public static decimal Money(decimal value) => decimal.Round(value, 2) + 0.00m;

    public static string? Json(JsonElement? value) => value?.GetRawText();


    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
