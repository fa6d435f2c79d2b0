using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Plugs.Api.Platform.Database;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// <c>POST /contacts/import</c> (multipart: <c>file</c>, <c>format</c> = linkedin | csv | vcard (or
/// vcf), <c>dry_run</c>, for csv a <c>mapping</c> JSON object of header → field unless the file is
/// our own CSV export, and defaults for every row: <c>contact_type</c> and <c>status</c> of the
/// contacts it creates, <c>tags</c> (repeated) added to every contact it imports). Rows are read
/// as a stream and written in batches (<see cref="ContactImporter"/>); each row creates a contact,
/// updates the one it names, leaves it unchanged or is skipped with its reason. A bad row never
/// stops the good ones, a refused file writes nothing, and every contact is written whole or not
/// at all. An import is a resource (<c>/imports/{id}</c>, 201): its record and per-row report are
/// written with its batches, so it can be read and undone later; a dry run writes nothing, itself
/// included (200).
/// </summary>
public static class ImportContacts
{
    /// <summary>Enough for a 100,000-connection LinkedIn export (about 11 MB).</summary>
    public const long MaxFileBytes = 32 * 1024 * 1024;
    private const int BatchSize = 1000;

    public static async Task<Results<Created<ImportEndpoints.ImportResponse>, Ok<ImportEndpoints.ImportPreview>>> HandleAsync(
        IFormFile? file, [FromForm(Name = "format")] string? format, [FromForm(Name = "dry_run")] bool? dryRun,
        [FromForm(Name = "mapping")] string? mapping, [FromForm(Name = "contact_type")] QueryChoice<ContactType>? contactType,
        [FromForm(Name = "status")] QueryChoice<ContactStatus>? status, [FromForm(Name = "tags")] StringValues? tags,
        PlugsDbContext db, IValidator<CreateContact.Request> validator, ContactTags contactTags, TimeProvider clock, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            throw ValidationProblemException.For("file", "Attach the file to import as the multipart field 'file'.");
        }
        if (file.Length > MaxFileBytes)
        {
            throw new ProblemException(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Import files are limited to {MaxFileBytes / (1024 * 1024)} MB.", "file_too_large");
        }
        format = ExportContacts.FormatName(format ?? "linkedin")
            ?? throw ValidationProblemException.For("format", "Must be linkedin, csv or vcard (vcf is accepted for vcard).");
        Func<string[], CsvImportReader.Layout>? layout = null;
        if (format == "linkedin")
        {
            layout = _ => new CsvImportReader.Layout(CsvImportReader.LinkedInMapping);
        }
        else if (format == "csv" && string.IsNullOrWhiteSpace(mapping))
        {
            layout = CsvImportReader.OwnExportOrRefuse;
        }
        else if (format == "csv")
        {
            var columns = ImportMapping.Parse(mapping);
            layout = _ => new CsvImportReader.Layout(columns);
        }
        var defaults = Defaults(contactType, status, tags);
        var dry = dryRun ?? false;
        await EnsureTextAsync(file, ct);
        var importer = new ContactImporter(db, validator, contactTags, clock, defaults, FileName(file), format, dry);
        var results = new List<ImportResult>();
        using var text = Open(file);
        var rows = format switch
        {
            "vcard" => VCardReader.Read(text),
            "linkedin" => ReadLinkedIn(text, layout!),
            _ => CsvImportReader.Read(text, layout!),
        };
        foreach (var batch in rows.Chunk(BatchSize))
        {
            results.AddRange(await importer.ImportBatchAsync(batch, ct));
        }
        var report = results.Select(ImportEndpoints.RowOf).ToList();
        if (dry)
        {
            return TypedResults.Ok(new ImportEndpoints.ImportPreview(true, FileName(file), format, report.Count,
                Count(ContactImportAction.Created), Count(ContactImportAction.Updated), Count(ContactImportAction.Unchanged),
                Count(ContactImportAction.Skipped), report));
        }
        await importer.CompleteAsync(ct);
        var import = await ImportEndpoints.FindAsync(db, importer.ImportId, withRows: false, ct);
        return TypedResults.Created($"/api/v1/imports/{importer.ImportId}", import with { Rows = report });

        int Count(ContactImportAction action) => results.Count(r => r.Action == action);
    }

    /// <summary>The request's defaults for every row, checked before anything is read (422 naming the field).</summary>
    private static ImportDefaults Defaults(QueryChoice<ContactType>? contactType, QueryChoice<ContactStatus>? status, StringValues? tags)
    {
        var names = (tags ?? default).OfType<string>().Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count > ContactRules.MaxTags || names.Any(n => !ContactRules.FitsTagName(n) || n.Any(char.IsControl)))
        {
            throw ValidationProblemException.For("tags", $"At most {ContactRules.MaxTags} tags, each 1-{ContactRules.MaxTagLength} characters without control characters.");
        }
        return new ImportDefaults(QueryValues.Enum<ContactType>(contactType, "contact_type"), QueryValues.Enum<ContactStatus>(status, "status"), names);
    }

    /// <summary>The name the client gave the file, as text the database can keep: no path, no control characters, at most 255 characters.</summary>
    private static string FileName(IFormFile file)
    {
        var name = Path.GetFileName(file.FileName.Replace('\\', '/'));
        var clean = new StringBuilder(Math.Min(name.Length, 255));
        foreach (var rune in name.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || clean.Length + rune.Utf16SequenceLength > 255)
            {
                continue;
            }
            clean.Append(rune.ToString());
        }
        return clean.Length > 0 ? clean.ToString() : "(unnamed)";
    }

    private static StreamReader Open(IFormFile file) =>
        new(file.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);

    /// <summary>
    /// Decodes the whole file once before importing: bytes that are not UTF-8, or text the API
    /// refuses everywhere (StorableText: U+0000; UTF-8 cannot carry a lone surrogate), fail only
    /// when they are reached, which may be after earlier batches were committed, and a refused file
    /// must change nothing.
    /// </summary>
    private static async Task EnsureTextAsync(IFormFile file, CancellationToken ct)
    {
        using var text = Open(file);
        var buffer = new char[64 * 1024];
        var line = 1;
        try
        {
            for (int read; (read = await text.ReadAsync(buffer, ct)) > 0;)
            {
                var chunk = buffer.AsSpan(0, read);
                // Strict UTF-8 decoding never yields a lone surrogate; a chunk may end inside a pair.
                if (chunk.IndexOf('\0') is var bad and >= 0)
                {
                    line += chunk[..bad].Count('\n');
                    throw ValidationProblemException.For("file", $"Line {line}: {StorableText.Message}");
                }
                line += chunk.Count('\n');
            }
        }
        catch (DecoderFallbackException)
        {
            throw ValidationProblemException.For("file", "The file is not UTF-8 text.");
        }
    }

    private static IEnumerable<ImportRow> ReadLinkedIn(TextReader text, Func<string[], CsvImportReader.Layout> layout)
    {
        var (reader, skipped) = CsvImportReader.SkipToHeader(text, "First Name");
        return CsvImportReader.Read(reader, layout, firstLine: skipped + 1);
    }
}
