using System.Text.Json;

namespace Plugs.Api.Features.Contacts;

/// <summary>Field rules shared by create and update, matching the column lengths and CHECKs.</summary>
internal static class ContactRules
{
    public const int MaxTags = 50;
    /// <summary>The column length of <c>tags.name</c>.</summary>
    public const int MaxTagLength = 50;
    public const int MaxMetadataBytes = 16 * 1024;

    public const string DerivedWithScore = "A derived lead score is computed: leave out lead_score, or make the score manual.";

    public static IRuleBuilderOptions<T, int?> LeadScore<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(0, 100);

    public static IRuleBuilderOptions<T, JsonElement?> Metadata<T>(this IRuleBuilder<T, JsonElement?> rule) =>
        rule.Must(v => v is null || v.Value.ValueKind == JsonValueKind.Object).WithMessage("Must be a JSON object.")
            .Must(v => v is null || v.Value.GetRawText().Length <= MaxMetadataBytes).WithMessage($"At most {MaxMetadataBytes} bytes.");

    public static IRuleBuilderOptions<T, string[]?> Tags<T>(this IRuleBuilder<T, string[]?> rule) =>
        rule.Must(t => t is null || t.Length <= MaxTags).WithMessage($"At most {MaxTags} tags.")
            .Must(t => t is null || t.All(n => n is not null && FitsTagName(n))).WithMessage($"Each tag is 1-{MaxTagLength} characters.")
            .Must(t => t is null || !t.Any(n => n is not null && n.Any(char.IsControl))).WithMessage("Tags cannot contain control characters.");

    /// <summary>Whether a tag name, trimmed as it is stored, is 1-<see cref="MaxTagLength"/> characters.</summary>
    public static bool FitsTagName(string name) => name.Trim().Length is > 0 and <= MaxTagLength;
}
