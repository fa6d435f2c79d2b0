using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Plugs.Data.Common;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// The contact fields an import writes, each read and written as text (enums by their snake_case
/// name, the lead score as digits), so that applying a row and undoing it are one loop over this
/// table. <c>connected_on</c> lives in the contact's metadata under <see cref="ConnectedOnKey"/>.
/// </summary>
public static class ImportedFields
{
    /// <summary>The metadata key that keeps LinkedIn's "Connected On" (ISO date when it reads as a date, else as written).</summary>
    public const string ConnectedOnKey = "linkedin_connected_on";

    public sealed record Field(string Name, Func<Contact, string?> Get, Action<Contact, string?> Set);

    public static readonly IReadOnlyList<Field> All =
    [
        new("first_name", c => c.FirstName, (c, v) => c.FirstName = v!),
        new("last_name", c => c.LastName, (c, v) => c.LastName = v!),
        new("email", c => c.Email, (c, v) => c.Email = v),
        new("phone", c => c.Phone, (c, v) => c.Phone = v),
        new("company", c => c.Company, (c, v) => c.Company = v),
        new("job_title", c => c.JobTitle, (c, v) => c.JobTitle = v),
        new("linkedin_url", c => c.LinkedinUrl, (c, v) => c.LinkedinUrl = v),
        new("industry", c => c.Industry, (c, v) => c.Industry = v),
        new("notes", c => c.Notes, (c, v) => c.Notes = v),
        new("contact_type", c => EnumNames.Of(c.ContactType), (c, v) => c.ContactType = EnumNames.Parse<ContactType>(v!)),
        new("status", c => EnumNames.Of(c.Status), (c, v) => c.Status = EnumNames.Parse<ContactStatus>(v!)),
        new("priority", c => EnumNames.Of(c.Priority), (c, v) => c.Priority = EnumNames.Parse<ContactPriority>(v!)),
        new("lead_score", c => c.LeadScore.ToString(CultureInfo.InvariantCulture), (c, v) =>
        {
            // A score in the file is a person's: it stays as given (lead_score_source manual).
            c.LeadScore = int.Parse(v!, CultureInfo.InvariantCulture);
            c.LeadScoreSource = LeadScoreSource.Manual;
        }),
        new("connected_on", c => MetadataText(c.Metadata, ConnectedOnKey), (c, v) => c.Metadata = WithMetadataText(c.Metadata, ConnectedOnKey, v)),
    ];

    public static readonly IReadOnlyDictionary<string, Field> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>What an import changed on a contact it updated: each field's value before and after, and the tags it added.</summary>
    public sealed record Changes(
        [property: JsonPropertyName("fields")] Dictionary<string, Change> Fields,
        [property: JsonPropertyName("tags_added")] List<string> TagsAdded)
    {
        public bool IsEmpty => Fields.Count == 0 && TagsAdded.Count == 0;

        /// <summary>
        /// The names a report shows: the fields in <see cref="All"/>'s order (stored as jsonb, the
        /// object's keys come back in PostgreSQL's order), then <c>tags</c> when any was added.
        /// </summary>
        public IReadOnlyList<string> Names =>
            [.. All.Select(f => f.Name).Where(Fields.ContainsKey), .. TagsAdded.Count > 0 ? ["tags"] : Array.Empty<string>()];

        public string ToJson() => JsonSerializer.Serialize(this);

        public static Changes? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<Changes>(json);
    }

    public sealed record Change([property: JsonPropertyName("from")] string? From, [property: JsonPropertyName("to")] string? To);

    private static string? MetadataText(string metadata, string key) =>
        JsonNode.Parse(metadata) is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    private static string WithMetadataText(string metadata, string key, string? value)
    {
        var o = JsonNode.Parse(metadata) as JsonObject ?? [];
        if (value is null)
        {
            o.Remove(key);
        }
        else
        {
            o[key] = value;
        }
        return o.ToJsonString();
    }

    /// <summary>LinkedIn writes "01 Jan 2024": kept as 2024-01-01; anything else as written.</summary>
    public static string? ConnectedOn(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        value = value.Trim();
        string[] formats = ["dd MMM yyyy", "d MMM yyyy", "yyyy-MM-dd", "MMM d, yyyy", "M/d/yyyy", "M/d/yy"];
        return DateOnly.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value.Length <= 100 ? value : value[..100];
    }
}
