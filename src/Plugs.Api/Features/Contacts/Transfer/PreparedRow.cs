using System.Globalization;
using Plugs.Data.Common;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// A row read from a file, validated as a create would validate it: the values it sets (by
/// <see cref="ImportedFields"/> name, in their stored spelling), the tags it adds (its own and the
/// request's) and the keys that name its contact.
/// </summary>
internal sealed record PreparedRow(
    ImportRow Row, Dictionary<string, string> Values, List<string> Tags, string? ProfileKey, string? Email, string? Uid, Guid? UidId)
{
    /// <summary>The row prepared, or why it is skipped.</summary>
    public static async Task<(PreparedRow? Row, string? Problem)> ReadAsync(
        IValidator<CreateContact.Request> validator, ImportDefaults defaults, ImportRow row, CancellationToken ct)
    {
        if (row.ReadError is not null)
        {
            return (null, row.ReadError);
        }
        var problems = new List<string>();
        var type = Choice<ContactType>(row.ContactType, "contact_type", problems);
        var status = Choice<ContactStatus>(row.Status, "status", problems);
        var priority = Choice<ContactPriority>(row.Priority, "priority", problems);
        int? score = null;
        if (row.LeadScore is { } text)
        {
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                score = parsed;
            }
            else
            {
                problems.Add("lead_score: Must be a whole number from 0 to 100.");
            }
        }
        var tags = row.Tags.Concat(defaults.Tags).Select(t => t.Trim()).Where(t => t.Length > 0).DistinctBy(TextFolding.Case, StringComparer.Ordinal).ToList();
        var request = new CreateContact.Request(row.FirstName, row.LastName, row.Email, row.Phone, row.Company, row.JobTitle,
            row.LinkedinUrl, null, null, type, status, priority, null, null, row.Industry, row.Notes, null, score, null, [.. tags]);
        var result = await validator.ValidateAsync(request, ct);
        problems.AddRange(result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}"));
        if (problems.Count > 0)
        {
            return (null, string.Join("; ", problems.Distinct()));
        }
        var email = CreateContact.NormalizeEmail(row.Email);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Put(string name, string? value)
        {
            if (value is not null)
            {
                values[name] = value;
            }
        }
        Put("first_name", row.FirstName!.Trim());
        Put("last_name", row.LastName!.Trim());
        Put("email", email);
        Put("phone", row.Phone);
        Put("company", row.Company);
        Put("job_title", row.JobTitle);
        Put("linkedin_url", row.LinkedinUrl);
        Put("industry", row.Industry);
        Put("notes", row.Notes);
        Put("contact_type", type is { } t ? EnumNames.Of(t) : null);
        Put("status", status is { } s ? EnumNames.Of(s) : null);
        Put("priority", priority is { } p ? EnumNames.Of(p) : null);
        Put("lead_score", score?.ToString(CultureInfo.InvariantCulture));
        Put("connected_on", ImportedFields.ConnectedOn(row.ConnectedOn));
        // A UID longer than the column is not kept, so it cannot match either.
        var uid = row.Uid?.Trim() is { Length: > 0 and <= 255 } u ? u : null;
        Guid? own = uid is not null && uid.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(uid.AsSpan(9), out var id) ? id : null;
        return (new PreparedRow(row, values, tags, LinkedInProfile.Key(row.LinkedinUrl), email, uid, own), null);
    }

    private static TEnum? Choice<TEnum>(string? value, string field, List<string> problems) where TEnum : struct, Enum
    {
        if (value is null)
        {
            return null;
        }
        if (EnumNames.TryParse<TEnum>(value.Trim().ToLowerInvariant(), out var parsed))
        {
            return parsed;
        }
        problems.Add($"{field}: Must be one of: {string.Join(", ", EnumNames.All<TEnum>())}.");
        return null;
    }
}
