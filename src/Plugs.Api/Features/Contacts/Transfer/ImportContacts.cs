using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// <c>POST /contacts/import</c> (multipart: <c>file</c>, <c>format</c> = linkedin | csv | vcard,
/// <c>dry_run</c>, and for csv a <c>mapping</c> JSON object of header → field). Rows are read as a
/// stream and written in batches; each row is created, updated (matched by e-mail within the
/// organization) or skipped with its reason. A bad row never stops the good ones, and every
/// contact is written whole or not at all.
/// </summary>
public static class ImportContacts
{
    /// <summary>Enough for a 100,000-connection LinkedIn export (about 11 MB).</summary>
    public const long MaxFileBytes = 32 * 1024 * 1024;
    private const int BatchSize = 1000;

    public sealed record RowResult(int Line, string Action, Guid? ContactId, string? Reason);

    public sealed record Report(bool DryRun, string Format, int TotalRows, int Created, int Updated, int Skipped, IReadOnlyList<RowResult> Rows);

    public static async Task<Ok<Report>> HandleAsync(
        IFormFile? file, [FromForm(Name = "format")] string? format, [FromForm(Name = "dry_run")] bool? dryRun,
        [FromForm(Name = "mapping")] string? mapping, PlugsDbContext db, IValidator<CreateContact.Request> validator, TimeProvider clock,
        CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            throw ValidationProblemException.For("file", "Attach the file to import as the multipart field 'file'.");
        }
        if (file.Length > MaxFileBytes)
        {
            throw new ProblemException(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"Import files are limited to {MaxFileBytes / (1024 * 1024)} MB.", "file_too_large");
        }
        format = (format ?? "linkedin").ToLowerInvariant();
        var columns = format switch
        {
            "linkedin" => CsvImportReader.LinkedInMapping,
            "csv" => ParseMapping(mapping),
            "vcard" => null,
            _ => throw ValidationProblemException.For("format", "Must be linkedin, csv or vcard."),
        };
        var dry = dryRun ?? false;
        var results = new List<RowResult>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            using var text = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            var rows = format switch
            {
                "vcard" => VCardReader.Read(text),
                "linkedin" => ReadLinkedIn(text, columns!),
                _ => CsvImportReader.Read(text, columns!),
            };
            foreach (var batch in rows.Chunk(BatchSize))
            {
                results.AddRange(await ImportBatchAsync(db, validator, clock, batch, seen, dry, ct));
            }
        }
        catch (DecoderFallbackException)
        {
            throw ValidationProblemException.For("file", "The file is not UTF-8 text.");
        }
        return TypedResults.Ok(new Report(dry, format, results.Count,
            results.Count(r => r.Action == "created"), results.Count(r => r.Action == "updated"), results.Count(r => r.Action == "skipped"),
            results));
    }

    private static IEnumerable<ImportRow> ReadLinkedIn(TextReader text, IReadOnlyDictionary<string, string> columns)
    {
        var (reader, skipped) = CsvImportReader.SkipToHeader(text, "First Name");
        return CsvImportReader.Read(reader, columns, firstLine: skipped + 1);
    }

    private static Dictionary<string, string> ParseMapping(string? mapping)
    {
        Dictionary<string, string>? parsed = null;
        try
        {
            parsed = mapping is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(mapping);
        }
        catch (JsonException)
        {
            // reported below
        }
        if (parsed is null || parsed.Count == 0 || parsed.Values.Any(f => !ImportFields.Setters.ContainsKey(f)))
        {
            throw ValidationProblemException.For("mapping",
                $"A JSON object of CSV header → field, fields among: {string.Join(", ", ImportFields.Setters.Keys)}.");
        }
        return new Dictionary<string, string>(parsed, StringComparer.OrdinalIgnoreCase);
    }

    private static async Task<List<RowResult>> ImportBatchAsync(
        PlugsDbContext db, IValidator<CreateContact.Request> validator, TimeProvider clock, ImportRow[] batch, Dictionary<string, int> seen,
        bool dryRun, CancellationToken ct)
    {
        var results = new List<RowResult>(batch.Length);
        var valid = new List<(ImportRow Row, string? Email)>();
        foreach (var row in batch)
        {
            var email = string.IsNullOrWhiteSpace(row.Email) ? null : CommonRules.NormalizeEmail(row.Email);
            var problem = row.ReadError ?? await ValidateAsync(validator, row, ct);
            if (problem is null && email is not null && seen.TryGetValue(email, out var first))
            {
                problem = $"duplicate of line {first} in this file";
            }
            if (problem is not null)
            {
                results.Add(new RowResult(row.Line, "skipped", null, problem));
                continue;
            }
            if (email is not null)
            {
                seen[email] = row.Line;
            }
            valid.Add((row, email));
        }
        var emails = valid.Where(v => v.Email is not null).Select(v => v.Email!).ToList();
        var existing = await db.Contacts.Where(c => c.Email != null && emails.Contains(c.Email))
            .ToDictionaryAsync(c => c.Email!, StringComparer.Ordinal, ct);
        var created = new List<Contact>();
        foreach (var (row, email) in valid)
        {
            if (email is not null && existing.TryGetValue(email, out var contact))
            {
                Apply(contact, row, email);
                results.Add(new RowResult(row.Line, "updated", contact.Id, null));
                continue;
            }
            var fresh = new Contact { FirstName = row.FirstName!, LastName = row.LastName! };
            Apply(fresh, row, email);
            created.Add(fresh);
            results.Add(new RowResult(row.Line, "created", dryRun ? null : fresh.Id, null));
        }
        if (!dryRun)
        {
            // Updates and inserts of a batch commit together: a contact is written whole or not at all.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await ContactBulkInsert.InsertAsync(db, created, clock, ct);
            await transaction.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        results.Sort((a, b) => a.Line.CompareTo(b.Line));
        return results;
    }

    private static async Task<string?> ValidateAsync(IValidator<CreateContact.Request> validator, ImportRow row, CancellationToken ct)
    {
        var request = new CreateContact.Request(row.FirstName, row.LastName, row.Email, row.Phone, row.Company, row.JobTitle,
            row.LinkedinUrl, null, null, null, null, null, null, null, row.Industry, row.Notes, null, null, null);
        var result = await validator.ValidateAsync(request, ct);
        return result.IsValid ? null : string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}").Distinct());
    }

    /// <summary>Values present in the file win; absent ones leave the contact as it is.</summary>
    private static void Apply(Contact contact, ImportRow row, string? email)
    {
        contact.FirstName = row.FirstName?.Trim() ?? contact.FirstName;
        contact.LastName = row.LastName?.Trim() ?? contact.LastName;
        contact.Email = email ?? contact.Email;
        contact.Phone = row.Phone ?? contact.Phone;
        contact.Company = row.Company ?? contact.Company;
        contact.JobTitle = row.JobTitle ?? contact.JobTitle;
        contact.LinkedinUrl = row.LinkedinUrl ?? contact.LinkedinUrl;
        contact.Industry = row.Industry ?? contact.Industry;
        contact.Notes = row.Notes ?? contact.Notes;
    }
}
