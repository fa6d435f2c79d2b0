using Plugs.Api.Platform.Database;
using Plugs.Data.Common;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>What the request says about every row: the type and status of the contacts it creates, tags for all of them.</summary>
public sealed record ImportDefaults(ContactType? ContactType, ContactStatus? Status, IReadOnlyList<string> Tags);

/// <summary>What an import did with one line or card.</summary>
public sealed record ImportResult(int Line, ContactImportAction Action, Guid? ContactId, string? Reason, ImportedFields.Changes? Changes = null);

/// <summary>
/// Imports one file batch by batch: each row is validated as a create would be
/// (<see cref="PreparedRow"/>), finds its contact by LinkedIn profile, e-mail or UID
/// (<see cref="ContactKeys"/>: one query per batch over indexed columns) and creates, updates,
/// leaves unchanged or is skipped; each batch, with the import's record and the per-row report,
/// commits whole or not at all.
/// <para>
/// Races: each batch's transaction first takes the organization's import lock
/// (<see cref="ScopeLock"/>), so imports (and undos) of one organization run their batches one at
/// a time and a batch sees every contact the batches before it created: the same file imported
/// 16 times at once creates its contacts once. The contacts a batch updates are then locked and
/// read again, so a merge or an edit running meanwhile is either seen or waits.
/// </para>
/// </summary>
internal sealed class ContactImporter(
    PlugsDbContext db, IValidator<CreateContact.Request> validator, ContactTags tags, TimeProvider clock, ImportDefaults defaults,
    string fileName, string format, bool dryRun)
{
    public const string LockScope = "contact_import";

    /// <summary>The import's id; its row is written with the first batch (a dry run writes none).</summary>
    public Guid ImportId { get; } = Guid.CreateVersion7(clock.GetUtcNow());

    public bool Stored { get; private set; }

    /// <summary>Each key (linkedin:…, email:…, uid:…) seen in the file → its first line.</summary>
    private readonly Dictionary<string, int> seen = new(StringComparer.Ordinal);
    /// <summary>Each existing contact matched so far → the line that matched it.</summary>
    private readonly Dictionary<Guid, int> matched = [];

    public async Task<List<ImportResult>> ImportBatchAsync(ImportRow[] batch, CancellationToken ct)
    {
        var results = new List<ImportResult>(batch.Length);
        var valid = new List<PreparedRow>();
        foreach (var row in batch)
        {
            var (prepared, problem) = await PreparedRow.ReadAsync(validator, defaults, row, ct);
            if (prepared is not null)
            {
                problem = DuplicateInFile(prepared);
            }
            if (problem is not null)
            {
                results.Add(new ImportResult(row.Line, ContactImportAction.Skipped, null, problem));
                continue;
            }
            valid.Add(prepared!);
        }
        await using var transaction = dryRun ? null : await db.Database.BeginTransactionAsync(ct);
        if (transaction is not null)
        {
            await db.LockScopeAsync(LockScope, ct);
        }
        var keys = await ContactKeys.LoadAsync(db, valid, locked: transaction is not null, ct);
        var import = transaction is null ? null : await EnterImportAsync(ct);
        var created = new List<Contact>();
        var links = new List<(Guid ContactId, string Name)>();
        foreach (var p in valid)
        {
            var (match, problem) = keys.Find(p);
            if (match is not null && !matched.TryAdd(match.Id, p.Row.Line))
            {
                problem = $"matches the same contact as line {matched[match.Id]} of this file";
            }
            if (problem is not null)
            {
                results.Add(new ImportResult(p.Row.Line, ContactImportAction.Skipped, null, problem));
                continue;
            }
            if (match is null)
            {
                var fresh = Create(p);
                created.Add(fresh);
                links.AddRange(p.Tags.Select(t => (fresh.Id, t)));
                results.Add(new ImportResult(p.Row.Line, ContactImportAction.Created, dryRun ? null : fresh.Id, null));
                continue;
            }
            var changes = Apply(match, p, keys.TagsOf(match.Id));
            links.AddRange(changes.TagsAdded.Select(t => (match.Id, t)));
            if (changes.Fields.Count == 0 && changes.TagsAdded.Count > 0 && !dryRun)
            {
                // Only its tags change: the contact still reads differently, so its version moves.
                db.Entry(match).Property(c => c.UpdatedAt).IsModified = true;
            }
            results.Add(new ImportResult(p.Row.Line, changes.IsEmpty ? ContactImportAction.Unchanged : ContactImportAction.Updated, match.Id, null,
                changes.IsEmpty ? null : changes));
        }
        results.Sort((a, b) => a.Line.CompareTo(b.Line));
        if (transaction is not null)
        {
            import!.TotalRows += results.Count;
            import.CreatedCount += results.Count(r => r.Action == ContactImportAction.Created);
            import.UpdatedCount += results.Count(r => r.Action == ContactImportAction.Updated);
            import.UnchangedCount += results.Count(r => r.Action == ContactImportAction.Unchanged);
            import.SkippedCount += results.Count(r => r.Action == ContactImportAction.Skipped);
            // Updates, inserts, tags and the record of them commit together: a batch is written whole or not at all.
            await db.SaveChangesAsync(ct);
            await ContactBulkInsert.InsertAsync(db, created, clock, ct);
            // Updated contacts are scored like any other update (derived ones only).
            var updated = results.Where(r => r.Action == ContactImportAction.Updated).Select(r => r.ContactId!.Value).ToList();
            await LeadScoring.DeriveAsync(db, db.Contacts.Where(c => updated.Contains(c.Id)), ct);
            await tags.AddByNameAsync(links, ct);
            await ContactBulkInsert.InsertImportRowsAsync(db, ImportId, results, ct);
            await transaction.CommitAsync(ct);
            Stored = true;
        }
        db.ChangeTracker.Clear();
        return results;
    }

    /// <summary>Marks the import completed (unless it was undone meanwhile); stores it first when no batch ran (an empty file).</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.LockScopeAsync(LockScope, ct);
        var import = await EnterImportAsync(ct, refuseUndone: false);
        if (import.Status == ContactImportStatus.Running)
        {
            import.Status = ContactImportStatus.Completed;
            import.CompletedAt = clock.StoredUtcNow();
        }
        Plugs.Data.Audit.AuditTrail.Action(db, Plugs.Data.Audit.AuditAction.Imported, "contact_imports", import.Id,
            new { import.FileName, import.TotalRows, import.CreatedCount, import.UpdatedCount, import.SkippedCount });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        Stored = true;
        db.ChangeTracker.Clear();
    }

    /// <summary>The import's row, tracked: added with the first batch, else locked and read (an undo may have run meanwhile).</summary>
    private async Task<ContactImport> EnterImportAsync(CancellationToken ct, bool refuseUndone = true)
    {
        if (!Stored)
        {
            var import = new ContactImport { Id = ImportId, FileName = fileName, Format = format };
            db.ContactImports.Add(import);
            return import;
        }
        await db.LockAsync<ContactImport>([ImportId], ct);
        var stored = await db.ContactImports.FirstAsync(i => i.Id == ImportId, ct);
        if (refuseUndone && stored.Status == ContactImportStatus.Undone)
        {
            throw ProblemException.Conflict("The import was undone while it ran; the rest of the file was not imported.", "import_undone");
        }
        return stored;
    }

    private string? DuplicateInFile(PreparedRow p)
    {
        string?[] keys = [p.ProfileKey is { } k ? "linkedin:" + k : null, p.Email is { } e ? "email:" + e : null, p.Uid is { } u ? "uid:" + u : null];
        foreach (var key in keys.OfType<string>())
        {
            if (seen.TryGetValue(key, out var first))
            {
                return $"duplicate of line {first} in this file";
            }
        }
        foreach (var key in keys.OfType<string>())
        {
            seen[key] = p.Row.Line;
        }
        return null;
    }

    private Contact Create(PreparedRow p)
    {
        var contact = new Contact { FirstName = p.Values["first_name"], LastName = p.Values["last_name"], ExternalUid = p.Uid };
        if (defaults.ContactType is { } type)
        {
            contact.ContactType = type;
        }
        if (defaults.Status is { } status)
        {
            contact.Status = status;
        }
        foreach (var (name, value) in p.Values)
        {
            ImportedFields.ByName[name].Set(contact, value);
        }
        if (contact.LeadScoreSource == LeadScoreSource.Derived)
        {
            contact.LeadScore = LeadScoring.ForNewContact(contact.Status, contact.Priority);
        }
        return contact;
    }

    /// <summary>Values present in the file win; absent ones leave the contact as it is; tags are only ever added. Returns what changed.</summary>
    private static ImportedFields.Changes Apply(Contact contact, PreparedRow p, HashSet<string> tagsNow)
    {
        var changes = new ImportedFields.Changes([], [.. p.Tags.Where(t => !tagsNow.Contains(TextFolding.Case(t)))]);
        foreach (var (name, value) in p.Values)
        {
            var field = ImportedFields.ByName[name];
            var current = field.Get(contact);
            if (!string.Equals(current, value, StringComparison.Ordinal))
            {
                changes.Fields[name] = new ImportedFields.Change(current, value);
                field.Set(contact, value);
            }
        }
        return changes;
    }
}
