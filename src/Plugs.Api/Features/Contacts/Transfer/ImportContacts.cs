using System.Text;
using Microsoft.AspNetCore.Mvc;
using Plugs.Api.Platform.Database;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// <c>POST /contacts/import</c> (multipart: <c>file</c>, <c>format</c> = linkedin | csv | vcard,
/// <c>dry_run</c>, and for csv a <c>mapping</c> JSON object of header → field). Rows are read as a
/// stream and written in batches; each row is created, updated (the one live contact of the
/// organization holding its e-mail) or skipped with its reason. An e-mail that several contacts
/// hold (the API allows it) skips the row and touches none of them: updating one would be a guess
/// the user cannot see, so the report names the ambiguity and the fix (merge, then import again).
/// A bad row never stops the good ones, a refused file writes nothing, and every contact is
/// written whole or not at all.
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
            "csv" => ImportMapping.Parse(mapping),
            "vcard" => null,
            _ => throw ValidationProblemException.For("format", "Must be linkedin, csv or vcard."),
        };
        var dry = dryRun ?? false;
        await EnsureTextAsync(file, ct);
        var results = new List<RowResult>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        using var text = Open(file);
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
        return TypedResults.Ok(new Report(dry, format, results.Count,
            results.Count(r => r.Action == "created"), results.Count(r => r.Action == "updated"), results.Count(r => r.Action == "skipped"),
            results));
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

    private static IEnumerable<ImportRow> ReadLinkedIn(TextReader text, IReadOnlyDictionary<string, string> columns)
    {
        var (reader, skipped) = CsvImportReader.SkipToHeader(text, "First Name");
        return CsvImportReader.Read(reader, columns, firstLine: skipped + 1);
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
        var emails = valid.Where(v => v.Email is not null).Select(v => v.Email!).Distinct().ToList();
        await using var transaction = dryRun ? null : await db.Database.BeginTransactionAsync(ct);
        var holders = await HoldersAsync(db, emails, locked: !dryRun, ct);
        var created = new List<Contact>();
        foreach (var (row, email) in valid)
        {
            List<Contact> matches = email is null ? [] : [.. holders[email]];
            if (matches.Count > 1)
            {
                results.Add(new RowResult(row.Line, "skipped", null,
                    $"the e-mail is held by {matches.Count} contacts of the organization; merge them (GET /contacts/duplicates) to import into one"));
                continue;
            }
            if (matches.Count == 1)
            {
                Apply(matches[0], row, email);
                results.Add(new RowResult(row.Line, "updated", matches[0].Id, null));
                continue;
            }
            var fresh = new Contact { FirstName = row.FirstName!, LastName = row.LastName! };
            Apply(fresh, row, email);
            fresh.LeadScore = LeadScoring.ForNewContact(fresh.Status, fresh.Priority);
            created.Add(fresh);
            results.Add(new RowResult(row.Line, "created", dryRun ? null : fresh.Id, null));
        }
        if (transaction is not null)
        {
            // Updates and inserts of a batch commit together: a contact is written whole or not at all.
            await db.SaveChangesAsync(ct);
            await ContactBulkInsert.InsertAsync(db, created, clock, ct);
            // Imported and updated contacts are scored like any other create and update (derived ones only).
            var written = results.Where(r => r.ContactId is not null).Select(r => r.ContactId!.Value).ToList();
            await LeadScoring.DeriveAsync(db, db.Contacts.Where(c => written.Contains(c.Id)), ct);
            await transaction.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        results.Sort((a, b) => a.Line.CompareTo(b.Line));
        return results;
    }

    /// <summary>
    /// The live contacts holding each e-mail (tracked). With <paramref name="locked"/> (inside the
    /// batch's transaction) they are locked and read again under the lock, so a merge or an update
    /// running at the same time either finishes first and is seen, or waits for this batch.
    /// </summary>
    private static async Task<ILookup<string, Contact>> HoldersAsync(PlugsDbContext db, List<string> emails, bool locked, CancellationToken ct)
    {
        var holders = await db.Contacts.Where(c => c.Email != null && emails.Contains(c.Email)).ToListAsync(ct);
        if (locked && holders.Count > 0)
        {
            var ids = holders.Select(c => c.Id).ToList();
            await db.LockAsync<Contact>(ids, ct);
            db.ChangeTracker.Clear();
            holders = await db.Contacts.Where(c => ids.Contains(c.Id) && c.Email != null && emails.Contains(c.Email)).ToListAsync(ct);
        }
        return holders.ToLookup(c => c.Email!, StringComparer.Ordinal);
    }

    private static async Task<string?> ValidateAsync(IValidator<CreateContact.Request> validator, ImportRow row, CancellationToken ct)
    {
        var request = new CreateContact.Request(row.FirstName, row.LastName, row.Email, row.Phone, row.Company, row.JobTitle,
            row.LinkedinUrl, null, null, null, null, null, null, null, row.Industry, row.Notes, null, null, null, null);
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
