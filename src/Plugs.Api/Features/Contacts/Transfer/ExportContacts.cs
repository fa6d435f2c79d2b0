using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Plugs.Api.Platform.Json;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// <c>GET /contacts/export?format=csv|vcard</c> (<c>vcf</c> is accepted for <c>vcard</c>) with the
/// list's filters: streams every matching contact straight from the database cursor to the
/// response, never holding them all in memory. CSV cells are neutralised against formula
/// injection (<see cref="CsvCells"/>); the file imports back as it is (<c>format=csv</c>, no mapping).
/// </summary>
public static class ExportContacts
{
    /// <summary>Our CSV's columns, in order: the import recognises its own export by them.</summary>
    public static readonly string[] CsvHeader = ["id", "first_name", "last_name", "email", "phone", "company", "job_title", "linkedin_url",
        "contact_type", "status", "priority", "industry", "lead_score", "last_interaction", "tags", "notes", "created_at"];

    /// <summary>The one name of each format, import and export alike, and the aliases accepted for them.</summary>
    public static string? FormatName(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        "csv" => "csv",
        "vcard" or "vcf" => "vcard",
        "linkedin" => "linkedin",
        _ => null,
    };

    public static async Task HandleAsync(
        [AsParameters] ContactFilter filter, [FromQuery(Name = "format")] string? format, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        format = FormatName(format ?? "csv") is { } name and not "linkedin" ? name
            : throw ValidationProblemException.For("format", "Must be csv or vcard (vcf is accepted for vcard).");
        var rows = (await filter.ApplyAsync(db, db.Contacts.AsNoTracking(), ct))
            .ApplySort(filter.Sort, "created_at", c => c.Id)
            .Select(ContactResponse.RowOf(db))
            .AsAsyncEnumerable();
        // Who took the organization's contacts out, in what form and by which filter.
        Plugs.Data.Audit.AuditTrail.Action(db, Plugs.Data.Audit.AuditAction.Exported, "contacts", details: new { format, query = http.Request.QueryString.Value });
        await db.SaveChangesAsync(ct);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        http.Response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "text/vcard; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"contacts-{stamp}.{(format == "csv" ? "csv" : "vcf")}\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), bufferSize: 16 * 1024);
        if (format == "csv")
        {
            await WriteCsvAsync(writer, rows, ct);
        }
        else
        {
            await foreach (var row in rows.WithCancellation(ct))
            {
                await writer.WriteAsync(VCardWriter.Write(row.Contact, row.Tags).AsMemory(), ct);
            }
        }
        await writer.FlushAsync(ct);
    }

    private static async Task WriteCsvAsync(StreamWriter writer, IAsyncEnumerable<ContactResponse.Row> rows, CancellationToken ct)
    {
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var name in CsvHeader)
        {
            csv.WriteField(name);
        }
        await csv.NextRecordAsync();
        await foreach (var (c, tags) in rows.WithCancellation(ct))
        {
            void Text(string? value) => csv.WriteField(CsvCells.Neutralize(value));
            csv.WriteField(c.Id);
            Text(c.FirstName);
            Text(c.LastName);
            Text(c.Email);
            Text(c.Phone);
            Text(c.Company);
            Text(c.JobTitle);
            Text(c.LinkedinUrl);
            csv.WriteField(Plugs.Data.Common.EnumNames.Of(c.ContactType));
            csv.WriteField(Plugs.Data.Common.EnumNames.Of(c.Status));
            csv.WriteField(Plugs.Data.Common.EnumNames.Of(c.Priority));
            Text(c.Industry);
            csv.WriteField(c.LeadScore);
            csv.WriteField(c.LastInteraction is { } last ? TimestampFormat.Write(last) : null);
            Text(CsvCells.JoinTags(tags.Order(StringComparer.Ordinal)));
            Text(c.Notes);
            csv.WriteField(TimestampFormat.Write(c.CreatedAt));
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }
}
