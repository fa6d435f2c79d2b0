using System.Text.Json;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// The <c>mapping</c> of a generic CSV import: a JSON object of CSV header → field. Headers are
/// matched trimmed and ignoring case, so two keys equal that way would each claim the same
/// column: refused, as are a key given twice, a value that is not a field name (<c>null</c>
/// included: a column to ignore is simply left out) and a field mapped from two columns (which
/// one would win, and would a blank cell in one erase the other?). Every refusal is a 422 naming
/// <c>mapping</c>, before anything is read or written.
/// </summary>
public static class ImportMapping
{
    public static Dictionary<string, string> Parse(string? mapping)
    {
        if (string.IsNullOrWhiteSpace(mapping))
        {
            throw Refused("Required with format csv.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(mapping);
        }
        catch (JsonException)
        {
            throw Refused("Not valid JSON.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Refused("Not a JSON object.");
            }
            var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var header = property.Name.Trim();
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    throw Refused($"\"{Shown(header)}\" maps to {property.Value.ValueKind.ToString().ToLowerInvariant()}, not to a field; leave out a column to ignore it.");
                }
                var field = property.Value.GetString()!;
                if (!ImportFields.Setters.ContainsKey(field))
                {
                    throw Refused($"\"{Shown(field)}\" is not a field.");
                }
                if (!columns.TryAdd(header, field))
                {
                    throw Refused($"The header \"{Shown(header)}\" is given twice (headers are matched trimmed and ignoring case).");
                }
            }
            if (columns.Count == 0)
            {
                throw Refused("It maps no column.");
            }
            if (columns.GroupBy(c => c.Value, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw Refused($"The field \"{twice.Key}\" is mapped from more than one column.");
            }
            return columns;
        }
    }

    private static ValidationProblemException Refused(string why) => ValidationProblemException.For("mapping",
        $"{why} Expected a JSON object of CSV header → field, each header and each field once, fields among: {string.Join(", ", ImportFields.Setters.Keys)}.");

    /// <summary>A client's string in a message, cut short (never between the halves of a surrogate pair).</summary>
    private static string Shown(string value)
    {
        const int max = 60;
        return value.Length <= max ? value : $"{value[..(char.IsHighSurrogate(value[max - 1]) ? max - 1 : max)]}…";
    }
}
