using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// Reads LinkedIn's "Connections.csv" (notes lines before the real header
/// <c>First Name,Last Name,URL,Email Address,Company,Position,Connected On</c>), generic CSV
/// with a header → field mapping, and our own CSV export (recognised by its header: every column
/// imports as itself, <c>id</c> as the UID <c>urn:uuid:&lt;id&gt;</c>, and the export's formula
/// neutralisation is stripped again), streaming row by row with CsvHelper.
/// </summary>
public static class CsvImportReader
{
    private static readonly string[] RequiredFields = ["first_name", "last_name"];

    public static readonly Dictionary<string, string> LinkedInMapping = new(StringComparer.OrdinalIgnoreCase)
    {
        ["First Name"] = "first_name",
        ["Last Name"] = "last_name",
        ["URL"] = "linkedin_url",
        ["Email Address"] = "email",
        ["Company"] = "company",
        ["Position"] = "job_title",
        ["Connected On"] = "connected_on",
    };

    /// <summary>How the columns of a file are read: the mapping, and whether the file is our own export.</summary>
    public sealed record Layout(IReadOnlyDictionary<string, string> Mapping, bool OwnExport = false);

    /// <summary>Our export's columns that import (the rest — last_interaction, created_at — are the server's).</summary>
    private static readonly Dictionary<string, string> OwnMapping = ExportContacts.CsvHeader
        .Where(h => h == "id" || ImportFields.Setters.ContainsKey(h))
        .ToDictionary(h => h, h => h == "id" ? "uid" : h, StringComparer.Ordinal);

    /// <summary>The layout of a csv import without a mapping: our own export's header, or a 422 asking for one.</summary>
    public static Layout OwnExportOrRefuse(string[] header) =>
        header.Select(h => h.Trim()).SequenceEqual(ExportContacts.CsvHeader, StringComparer.Ordinal)
            ? new Layout(OwnMapping, OwnExport: true)
            : throw ValidationProblemException.For("mapping",
                $"Required with format csv, unless the file is this API's own CSV export (header: {string.Join(',', ExportContacts.CsvHeader)}).");

    /// <summary>Skips LinkedIn's preamble (up to 50 lines): returns a reader positioned on the header and the lines skipped.</summary>
    public static (TextReader Reader, int Skipped) SkipToHeader(TextReader reader, string headerStart)
    {
        string? line;
        var skipped = 0;
        while ((line = reader.ReadLine()) is not null && skipped <= 50)
        {
            var clean = line.TrimStart('\uFEFF');
            if (clean.StartsWith(headerStart, StringComparison.OrdinalIgnoreCase))
            {
                return (new PrefixedReader(clean + "\n", reader), skipped);
            }
            skipped++;
        }
        throw ValidationProblemException.For("file", $"No header line starting with \"{headerStart}\" was found: is this LinkedIn's Connections.csv?");
    }

    public static IEnumerable<ImportRow> Read(TextReader text, IReadOnlyDictionary<string, string> mapping, int firstLine = 1) =>
        Read(text, _ => new Layout(mapping), firstLine);

    public static IEnumerable<ImportRow> Read(TextReader text, Func<string[], Layout> layoutOf, int firstLine = 1)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = null,
            MissingFieldFound = null,
            // Outside quotes only: our export quotes a value that begins or ends with a space.
            TrimOptions = TrimOptions.Trim,
            DetectColumnCountChanges = false,
        };
        using var csv = new CsvReader(text, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
        {
            throw ValidationProblemException.For("file", "The file has no header row.");
        }
        var (mapping, own) = layoutOf(header);
        var columns = header.Select((name, index) => (Field: mapping.GetValueOrDefault(name.Trim()), Index: index))
            .Where(c => c.Field is not null).ToList();
        var missing = RequiredFields.Where(f => columns.All(c => c.Field != f)).ToList();
        if (missing.Count > 0)
        {
            throw ValidationProblemException.For("file", $"The header has no column for: {string.Join(", ", missing)}.");
        }
        while (csv.Read())
        {
            var row = new ImportRow(firstLine + csv.Parser.RawRow - 1);
            foreach (var (field, index) in columns)
            {
                // Our own export is read as written; other files' values are trimmed.
                var value = csv.TryGetField<string>(index, out var v) && !string.IsNullOrWhiteSpace(v) ? (own ? CsvCells.Restore(v) : v.Trim()) : null;
                if (own && field == "uid" && Guid.TryParse(value, out var id))
                {
                    value = $"urn:uuid:{id}";
                }
                ImportFields.Setters[field!](row, value);
            }
            yield return row;
        }
    }

    /// <summary>A reader that first yields an already-consumed header line, then the rest.</summary>
    private sealed class PrefixedReader(string prefix, TextReader rest) : TextReader
    {
        private int position;

        public override int Read()
        {
            if (position < prefix.Length)
            {
                return prefix[position++];
            }
            return rest.Read();
        }

        public override int Peek() => position < prefix.Length ? prefix[position] : rest.Peek();

        public override int Read(char[] buffer, int index, int count)
        {
            if (position < prefix.Length)
            {
                var n = Math.Min(count, prefix.Length - position);
                prefix.CopyTo(position, buffer, index, n);
                position += n;
                return n;
            }
            return rest.Read(buffer, index, count);
        }
    }
}
