using Plugs.Api.Platform.Database;
using Plugs.Api.Platform.Json;
using Plugs.Data.Common;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// <c>POST /imports/{id}/undo</c>, by the user who ran the import or an admin (403
/// <c>import_not_yours</c> for other members): in one transaction, soft-deletes the contacts the
/// import created and puts back what it changed on the contacts it updated.
/// <list type="bullet">
/// <item>A created contact edited since (its version moved past its creation) is soft-deleted all
/// the same and listed in <c>edited_since</c>: nothing is lost (<c>POST /contacts/{id}/restore</c>
/// brings it back), and an undo that refused over one edited contact out of thousands would leave
/// the user no way forward. Created contacts deleted or merged away since stay as they are.</item>
/// <item>A field of an updated contact is restored only while it still holds the value the import
/// wrote; a field changed since keeps its newer value and is listed in <c>kept</c>. Tags the
/// import added are taken off again.</item>
/// </list>
/// Races: the undo takes the organization's import lock (<see cref="ContactImporter.LockScope"/>),
/// then the import's row, then the contacts, as an import's batch does; of concurrent undos one
/// runs, the rest find it undone (409 <c>import_already_undone</c>). An import still running when it
/// is undone stops at its next batch.
/// </summary>
public static class UndoImport
{
    public sealed record KeptFields(Guid ContactId, IReadOnlyList<string> Fields);

    public sealed record Report(ImportEndpoints.ImportSummary Import, int Deleted, int Restored, IReadOnlyList<Guid> EditedSince, IReadOnlyList<KeptFields> Kept);

    public static async Task<Ok<Report>> HandleAsync(Guid id, PlugsDbContext db, CurrentUser user, TimeProvider clock, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.LockScopeAsync(ContactImporter.LockScope, ct);
        await db.LockAsync<ContactImport>([id], ct);
        var import = await db.ContactImports.FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw ProblemException.NotFound("import");
        if (import.CreatedBy != user.UserId && !user.IsAdmin)
        {
            throw ProblemException.Forbidden("Only the user who ran the import, or an administrator, can undo it.", "import_not_yours");
        }
        if (import.Status == ContactImportStatus.Undone)
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "Conflict", "The import was undone already.", "import_already_undone")
            {
                Extensions = { ["undone_at"] = import.UndoneAt is { } at ? TimestampFormat.Write(at) : null, ["undone_by"] = import.UndoneBy },
            };
        }
        var rows = await db.ContactImportRows.AsNoTracking()
            .Where(r => r.ImportId == id && r.ContactId != null && (r.Action == ContactImportAction.Created || r.Action == ContactImportAction.Updated))
            .Select(r => new { r.Action, ContactId = r.ContactId!.Value, r.Changes }).ToListAsync(ct);
        var created = rows.Where(r => r.Action == ContactImportAction.Created).Select(r => r.ContactId).ToList();
        var updated = rows.Where(r => r.Action == ContactImportAction.Updated)
            .Select(r => (r.ContactId, Changes: ImportedFields.Changes.FromJson(r.Changes)!)).ToList();
        await db.LockAsync<Contact>(rows.Select(r => r.ContactId), ct);

        var editedSince = await db.Contacts.Where(c => created.Contains(c.Id) && c.UpdatedAt != c.CreatedAt).Select(c => c.Id).OrderBy(c => c).ToListAsync(ct);
        var now = clock.StoredUtcNow();
        var deleted = await db.Contacts.Where(c => created.Contains(c.Id))
            .ExecuteStampedUpdateAsync(db, s => s.SetProperty(c => c.IsDeleted, true).SetProperty(c => c.DeletedAt, now), ct);

        var (restored, kept) = await RestoreAsync(db, updated, ct);
        import.Status = ContactImportStatus.Undone;
        import.UndoneAt = now;
        import.UndoneBy = user.UserId;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var summary = new ImportEndpoints.ImportSummary(import.Id, import.FileName, import.Format, import.Status, import.TotalRows, import.CreatedCount,
            import.UpdatedCount, import.UnchangedCount, import.SkippedCount, import.CreatedBy, import.CreatedAt, import.CompletedAt, import.UndoneBy,
            import.UndoneAt, import.UpdatedAt);
        return TypedResults.Ok(new Report(summary, deleted, restored, editedSince, kept));
    }

    /// <summary>Puts back each field still holding what the import wrote, and takes off the tags it added; saved by the caller.</summary>
    private static async Task<(int Restored, List<KeptFields> Kept)> RestoreAsync(
        PlugsDbContext db, List<(Guid ContactId, ImportedFields.Changes Changes)> updated, CancellationToken ct)
    {
        var ids = updated.Select(u => u.ContactId).ToList();
        var contacts = ids.Count == 0 ? [] : await db.Contacts.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var restored = 0;
        var kept = new List<KeptFields>();
        var untag = new List<(Guid ContactId, string Name)>();
        foreach (var (contactId, changes) in updated)
        {
            if (!contacts.TryGetValue(contactId, out var contact))
            {
                continue; // deleted or merged away since: nothing to put back on a contact nobody sees
            }
            var keptHere = new List<string>();
            var restoredHere = false;
            foreach (var (name, change) in changes.Fields)
            {
                var field = ImportedFields.ByName[name];
                if (string.Equals(field.Get(contact), change.To, StringComparison.Ordinal))
                {
                    field.Set(contact, change.From);
                    restoredHere = true;
                }
                else
                {
                    keptHere.Add(name);
                }
            }
            untag.AddRange(changes.TagsAdded.Select(t => (contactId, t)));
            if (changes.TagsAdded.Count > 0)
            {
                restoredHere = true;
                db.Entry(contact).Property(c => c.UpdatedAt).IsModified = true; // its tags change: a new version
            }
            restored += restoredHere ? 1 : 0;
            if (keptHere.Count > 0)
            {
                kept.Add(new KeptFields(contactId, keptHere));
            }
        }
        // Tag names ignore case: the tag is found by its folded name, however the file spelled it.
        foreach (var group in untag.GroupBy(u => TextFolding.Case(u.Name.Trim()), StringComparer.Ordinal))
        {
            var key = group.Key;
            var of = group.Select(g => g.ContactId).ToList();
            await db.ContactTags.Where(x => of.Contains(x.ContactId) && db.Tags.Any(t => t.Id == x.TagId && t.NormalizedName == key)).ExecuteAuditedDeleteAsync(db, ct);
        }
        return (restored, kept);
    }
}
