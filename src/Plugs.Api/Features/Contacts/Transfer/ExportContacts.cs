using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Plugs.Api.Platform.Json;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// <c>GET /contacts/export?format=csv|vcf</c> with the list's filters: streams every matching
/// contact straight from the database cursor to the response, never holding them all in memory.
/// </summary>
public static class ExportContacts
{
    public static async Task HandleAsync(
        [AsParameters] ContactFilter filter, [FromQuery(Name = "format")] string? format, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        format = (format ?? "csv").ToLowerInvariant();
        if (format is not ("csv" or "vcf"))
        {
            throw ValidationProblemException.For("format", "Must be csv or vcf.");
        }
        var rows = (await filter.ApplyAsync(db, db.Contacts.AsNoTracking(), ct))
            .ApplySort(filter.Sort, "created_at", ContactFilter.SortFields, c => c.Id)
            .Select(ContactResponse.RowOf(db))
            .AsAsyncEnumerable();
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        http.Response.ContentType = format == "csv" ? "text/csv; charset=utf-8" : "text/vcard; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"contacts-{stamp}.{format}\"";
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
        string[] header = ["id", "first_name", "last_name", "email", "phone", "company", "job_title", "linkedin_url", "contact_type",
            "status", "priority", "industry", "lead_score", "last_interaction", "tags", "notes", "created_at"];
        foreach (var name in header)
        {
            csv.WriteField(name);
        }
        await csv.NextRecordAsync();
        await foreach (var (c, tags) in rows.WithCancellation(ct))
        {
            var response = ContactResponse.From(c, tags);
            csv.WriteField(c.Id);
            csv.WriteField(c.FirstName);
            csv.WriteField(c.LastName);
            csv.WriteField(c.Email);
            csv.WriteField(c.Phone);
            csv.WriteField(c.Company);
            csv.WriteField(c.JobTitle);
            csv.WriteField(c.LinkedinUrl);
            csv.WriteField(Plugs.Data.Common.EnumNames.Of(c.ContactType));
            csv.WriteField(Plugs.Data.Common.EnumNames.Of(c.Status));
            csv.WriteField(Plugs.Data.Common.EnumNames.Of(c.Priority));
            csv.WriteField(c.Industry);
            csv.WriteField(c.LeadScore);
            csv.WriteField(c.LastInteraction is { } last ? TimestampFormat.Write(last) : null);
            csv.WriteField(string.Join(';', response.Tags));
            csv.WriteField(c.Notes);
            csv.WriteField(TimestampFormat.Write(c.CreatedAt));
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }
}
