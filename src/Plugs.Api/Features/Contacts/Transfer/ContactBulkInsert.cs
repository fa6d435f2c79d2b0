using Npgsql;
using NpgsqlTypes;
using Plugs.Data.Common;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// Inserts many new contacts at once. PostgreSQL: one <c>INSERT … SELECT FROM unnest(…)</c> per
/// batch, column arrays as parameters (binary COPY is refused for tables under row-level
/// security, and the policy still checks every row here). SQLite: EF's batched inserts.
/// </summary>
public static class ContactBulkInsert
{
    // ExecuteSqlRaw formats its text: the JSON literal below is written {{}}.
    /// <summary>Inserts new contacts of the import's shape (a target, cold lead, medium priority, derived score): the SQL says so for every row.</summary>
    public static async Task InsertAsync(PlugsDbContext db, IReadOnlyList<Contact> contacts, TimeProvider clock, CancellationToken ct)
    {
        if (contacts.Count == 0)
        {
            return;
        }
        if (!db.Database.IsNpgsql())
        {
            db.Contacts.AddRange(contacts);
            await db.SaveChangesAsync(ct);
            return;
        }
        foreach (var contact in contacts)
        {
            contact.DeriveColumns(); // what a save would compute
        }
        var now = clock.StoredUtcNow();
        var organization = db.Tenant.RequiredOrganizationId;
        var user = db.Tenant.UserId;
        string?[] Column(Func<Contact, string?> pick) => contacts.Select(pick).ToArray();
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO contacts (id, organization_id, created_by, updated_by, first_name, last_name, email, phone, company,
                                  job_title, linkedin_url, industry, notes, contact_type, status, priority, metadata,
                                  lead_score, lead_score_source, created_at, updated_at, is_deleted, search_text)
            SELECT id, @org, @user, @user, first_name, last_name, email, phone, company, job_title, linkedin_url, industry, notes,
                   'target', 'cold_lead', 'medium', '{{}}', lead_score, 'derived', @now, @now, false, search_text
            FROM unnest(@ids, @first_names, @last_names, @emails, @phones, @companies, @job_titles, @linkedin_urls, @industries, @notes,
                        @lead_scores, @search_texts)
                 AS t(id, first_name, last_name, email, phone, company, job_title, linkedin_url, industry, notes, lead_score, search_text)
            """,
            [
                new NpgsqlParameter("org", organization),
                new NpgsqlParameter("user", NpgsqlDbType.Uuid) { Value = (object?)user ?? DBNull.Value },
                new NpgsqlParameter("now", now),
                new NpgsqlParameter("ids", contacts.Select(c => c.Id).ToArray()),
                Text("first_names", Column(c => c.FirstName)),
                Text("last_names", Column(c => c.LastName)),
                Text("emails", Column(c => c.Email)),
                Text("phones", Column(c => c.Phone)),
                Text("companies", Column(c => c.Company)),
                Text("job_titles", Column(c => c.JobTitle)),
                Text("linkedin_urls", Column(c => c.LinkedinUrl)),
                Text("industries", Column(c => c.Industry)),
                Text("notes", Column(c => c.Notes)),
                new NpgsqlParameter("lead_scores", contacts.Select(c => c.LeadScore).ToArray()),
                Text("search_texts", Column(c => c.SearchText)),
            ], ct);
    }

    private static NpgsqlParameter Text(string name, string?[] values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values };
}
