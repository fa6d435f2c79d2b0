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
    // Every value is a parameter (column arrays); the text has no braces for ExecuteSqlRaw to format.
    /// <summary>Inserts new contacts as the import built them (type, status, priority, score and its source, metadata, keys).</summary>
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
            contact.DeriveColumns(); // what a save would compute (search_text)
        }
        var now = clock.StoredUtcNow();
        var organization = db.Tenant.RequiredOrganizationId;
        var user = db.Tenant.UserId;
        string?[] Column(Func<Contact, string?> pick) => contacts.Select(pick).ToArray();
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO contacts (id, organization_id, created_by, updated_by, first_name, last_name, email, phone, company,
                                  job_title, linkedin_url, linkedin_key, external_uid, industry, notes, contact_type, status, priority,
                                  metadata, lead_score, lead_score_source, created_at, updated_at, is_deleted, search_text)
            SELECT id, @org, @user, @user, first_name, last_name, email, phone, company, job_title, linkedin_url, linkedin_key, external_uid,
                   industry, notes, contact_type, status, priority, metadata::jsonb, lead_score, lead_score_source, @now, @now, false, search_text
            FROM unnest(@ids, @first_names, @last_names, @emails, @phones, @companies, @job_titles, @linkedin_urls, @linkedin_keys,
                        @external_uids, @industries, @notes, @contact_types, @statuses, @priorities, @metadata, @lead_scores,
                        @lead_score_sources, @search_texts)
                 AS t(id, first_name, last_name, email, phone, company, job_title, linkedin_url, linkedin_key, external_uid, industry, notes,
                      contact_type, status, priority, metadata, lead_score, lead_score_source, search_text)
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
                Text("linkedin_keys", Column(c => c.LinkedinKey)),
                Text("external_uids", Column(c => c.ExternalUid)),
                Text("industries", Column(c => c.Industry)),
                Text("notes", Column(c => c.Notes)),
                Text("contact_types", Column(c => EnumNames.Of(c.ContactType))),
                Text("statuses", Column(c => EnumNames.Of(c.Status))),
                Text("priorities", Column(c => EnumNames.Of(c.Priority))),
                Text("metadata", Column(c => c.Metadata)),
                new NpgsqlParameter("lead_scores", contacts.Select(c => c.LeadScore).ToArray()),
                Text("lead_score_sources", Column(c => EnumNames.Of(c.LeadScoreSource))),
                Text("search_texts", Column(c => c.SearchText)),
            ], ct);
        // One audit row for the statement, in the import batch's transaction (SQLite's saves audit each contact).
        await Plugs.Data.Audit.SetBasedAudit.InsertAsync(db, Plugs.Data.Audit.AuditAction.BulkCreated, "contacts", contacts.Count,
            "import: INSERT INTO contacts … FROM unnest(…)", ct);
    }

    /// <summary>
    /// Records what an import did with each row of a batch. PostgreSQL: one <c>INSERT … FROM unnest</c>;
    /// SQLite: EF's batched inserts.
    /// </summary>
    public static async Task InsertImportRowsAsync(PlugsDbContext db, Guid importId, IReadOnlyList<ImportResult> results, CancellationToken ct)
    {
        if (results.Count == 0)
        {
            return;
        }
        if (!db.Database.IsNpgsql())
        {
            db.ContactImportRows.AddRange(results.Select(r => new ContactImportRow
            {
                ImportId = importId, Line = r.Line, Action = r.Action, ContactId = r.ContactId, Reason = r.Reason, Changes = r.Changes?.ToJson(),
            }));
            await db.SaveChangesAsync(ct);
            return;
        }
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO contact_import_rows (organization_id, import_id, line, action, contact_id, reason, changes)
            SELECT @org, @import, line, action, contact_id, reason, changes::jsonb
            FROM unnest(@lines, @actions, @contact_ids, @reasons, @changes) AS t(line, action, contact_id, reason, changes)
            """,
            [
                new NpgsqlParameter("org", db.Tenant.RequiredOrganizationId),
                new NpgsqlParameter("import", importId),
                new NpgsqlParameter("lines", results.Select(r => r.Line).ToArray()),
                Text("actions", [.. results.Select(r => EnumNames.Of(r.Action))]),
                new NpgsqlParameter("contact_ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = results.Select(r => r.ContactId).ToArray() },
                Text("reasons", [.. results.Select(r => r.Reason)]),
                Text("changes", [.. results.Select(r => r.Changes?.ToJson())]),
            ], ct);
    }

    private static NpgsqlParameter Text(string name, string?[] values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values };
}
