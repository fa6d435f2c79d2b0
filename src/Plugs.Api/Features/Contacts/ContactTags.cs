using Plugs.Data.Audit;

namespace Plugs.Api.Features.Contacts;

/// <summary>
/// Puts tags on a contact by name, creating the organization's tags that do not exist yet. Names
/// compare ignoring case (<see cref="TextFolding.Case"/>): <c>Investor</c> and <c>investor</c> are one
/// tag, spelled as it was first created. Safe under parallel requests: tags are inserted with
/// <c>ON CONFLICT DO NOTHING</c> on their unique (organization_id, normalized_name) and read back,
/// links with <c>ON CONFLICT DO NOTHING</c> on their key, so a concurrent request creating the same
/// tag or link is met, not raced. On PostgreSQL the tags read back are held <c>FOR KEY SHARE</c>
/// until the transaction ends, so a concurrent delete of one waits for the links to commit and then
/// takes them with it (the foreign key cascades).
/// </summary>
public sealed class ContactTags(PlugsDbContext db, TimeProvider clock)
{
    /// <summary>A tag deleted between our insert and our read is inserted again; this many times before giving up.</summary>
    private const int Attempts = 3;

    private sealed record TagRow(Guid Id, string Name);

    /// <summary>Replaces the contact's tags with <paramref name="names"/>; returns their names as stored, sorted. Call inside the caller's transaction.</summary>
    public async Task<List<string>> ReplaceAsync(Guid contactId, IEnumerable<string> names, CancellationToken ct)
    {
        var tags = await GetOrCreateAsync(Wanted(names), ct);
        var tagIds = tags.Select(t => t.Id).ToList();
        await db.ContactTags.Where(x => x.ContactId == contactId && !tagIds.Contains(x.TagId)).ExecuteAuditedDeleteAsync(db, ct);
        await LinkAsync(contactId, tagIds, ct);
        return [.. tags.Select(t => t.Name).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Takes the tags named <paramref name="remove"/> off the contact and puts those named
    /// <paramref name="add"/> on it, leaving its other tags; whether anything changed. Call inside
    /// the caller's transaction, holding the contact's lock.
    /// </summary>
    public async Task<bool> ChangeAsync(Guid contactId, IEnumerable<string> add, IEnumerable<string> remove, CancellationToken ct)
    {
        var gone = Wanted(remove).Select(TextFolding.Case).ToList();
        var removed = gone.Count == 0 ? 0 : await db.ContactTags
            .Where(x => x.ContactId == contactId && db.Tags.Any(t => t.Id == x.TagId && gone.Contains(t.NormalizedName)))
            .ExecuteAuditedDeleteAsync(db, ct);
        var tags = await GetOrCreateAsync(Wanted(add), ct);
        var added = await LinkAsync(contactId, [.. tags.Select(t => t.Id)], ct);
        return removed + added > 0;
    }

    /// <summary>Puts the tags <paramref name="tagIds"/> on the contact; links it has already, and tags gone meanwhile, are passed over. Returns how many links it made.</summary>
    public async Task<int> LinkAsync(Guid contactId, IReadOnlyCollection<Guid> tagIds, CancellationToken ct)
    {
        if (tagIds.Count == 0)
        {
            return 0;
        }
        object[] values = [db.Tenant.RequiredOrganizationId, contactId, clock.StoredUtcNow(), .. tagIds.Cast<object>()];
        // Only placeholders go into the text; every value is a parameter.
        var sql = $$"""
            INSERT INTO contact_tags (organization_id, contact_id, tag_id, created_at)
            SELECT organization_id, {1}, id, {2} FROM tags
            WHERE organization_id = {0} AND id IN ({{Placeholders(3, tagIds.Count)}}){{KeyShare}}
            ON CONFLICT (contact_id, tag_id) DO NOTHING
            """;
        var linked = await db.Database.ExecuteSqlRawAsync(sql, values, ct);
        await AuditAsync("contact_tags", linked, "tags put on a contact", ct);
        return linked;
    }

    /// <summary>These raw inserts are set-based writes: each that inserted rows leaves one <c>bulk_created</c> audit row (in the caller's transaction).</summary>
    private Task AuditAsync(string table, int inserted, string what, CancellationToken ct) =>
        inserted > 0 ? SetBasedAudit.InsertAsync(db, AuditAction.BulkCreated, table, inserted, what, ct) : Task.CompletedTask;

    /// <summary>
    /// Puts tags by name on many contacts at once (an import's batch): the tags missing are created
    /// once for all, the links are inserted in a few statements, and links that exist are passed
    /// over. Call inside the caller's transaction.
    /// </summary>
    public async Task AddByNameAsync(IReadOnlyCollection<(Guid ContactId, string Name)> links, CancellationToken ct)
    {
        if (links.Count == 0)
        {
            return;
        }
        // Tag names ignore case: each link finds its tag by the folded name, whatever its spelling.
        var ids = (await GetOrCreateAsync(Wanted(links.Select(l => l.Name)), ct)).ToDictionary(t => TextFolding.Case(t.Name), t => t.Id, StringComparer.Ordinal);
        var now = clock.StoredUtcNow();
        // A few thousand links a statement keeps every provider well under its parameter limit.
        foreach (var chunk in links.Select(l => (l.ContactId, Tag: ids[TextFolding.Case(l.Name.Trim())])).Distinct().Chunk(4000))
        {
            object[] values = [db.Tenant.RequiredOrganizationId, now, .. chunk.SelectMany(l => new object[] { l.ContactId, l.Tag })];
            var rows = string.Join(", ", chunk.Select((_, i) => $"({{{2 + 2 * i}}}, {{{3 + 2 * i}}})"));
            // Only placeholders go into the text; every value is a parameter. The tags were read FOR
            // KEY SHARE above (PostgreSQL), so none of them can be deleted before these links commit.
            var sql = $$"""
                INSERT INTO contact_tags (organization_id, contact_id, tag_id, created_at)
                SELECT {0}, v.column1, v.column2, {1} FROM (VALUES {{rows}}) AS v WHERE true
                ON CONFLICT (contact_id, tag_id) DO NOTHING
                """;
            await AuditAsync("contact_tags", await db.Database.ExecuteSqlRawAsync(sql, values, ct), "tags put on imported contacts", ct);
        }
    }

    /// <summary>The names trimmed, without blanks, one per case-insensitive name (its first spelling), in key order.</summary>
    private static List<string> Wanted(IEnumerable<string> names) =>
        [.. names.Select(n => n.Trim()).Where(n => n.Length > 0)
            .DistinctBy(TextFolding.Case, StringComparer.Ordinal).OrderBy(TextFolding.Case, StringComparer.Ordinal)];

    /// <summary>The organization's tags named <paramref name="names"/> (distinct and in key order, ignoring case), inserting those missing with the stamps a save would give.</summary>
    private async Task<List<TagRow>> GetOrCreateAsync(List<string> names, CancellationToken ct)
    {
        if (names.Count == 0)
        {
            return [];
        }
        var organization = db.Tenant.RequiredOrganizationId;
        var keys = names.Select(TextFolding.Case).ToList();
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.StoredUtcNow();
            // Rows in key order: two requests inserting overlapping names wait for each other in one order, never in a cycle.
            var rows = string.Join(", ", names.Select((_, i) => $"({{{3 + 3 * i}}}, {{0}}, {{{4 + 3 * i}}}, {{{5 + 3 * i}}}, {{1}}, {{1}}, {{2}}, {{2}})"));
            object?[] values = [organization, now, db.Tenant.UserId,
                .. names.SelectMany((n, i) => new object[] { Guid.CreateVersion7(now), n, keys[i] })];
            // Only placeholders go into the texts; every value is a parameter.
            var insert = $"""
                INSERT INTO tags (id, organization_id, name, normalized_name, created_at, updated_at, created_by, updated_by)
                VALUES {rows}
                ON CONFLICT (organization_id, normalized_name) DO NOTHING
                """;
            await AuditAsync("tags", await db.Database.ExecuteSqlRawAsync(insert, values!, ct), "tags created by name", ct);
            object[] lookup = [organization, .. keys];
            var select = $$"""
                SELECT id, name FROM tags
                WHERE organization_id = {0} AND normalized_name IN ({{Placeholders(1, keys.Count)}}){{KeyShare}}
                """;
            var tags = await db.Database.SqlQueryRaw<TagRow>(select, lookup).ToListAsync(ct);
            if (tags.Count == names.Count)
            {
                return tags;
            }
            if (attempt == Attempts)
            {
                throw ProblemException.Conflict("The tags were deleted while this request was setting them; try again.", "tags_changed");
            }
        }
    }

    /// <summary>PostgreSQL: hold the tags read until commit, so a concurrent delete waits (SQLite runs one writer at a time).</summary>
    private string KeyShare => db.Database.IsNpgsql() ? " FOR KEY SHARE" : "";

    private static string Placeholders(int first, int count) => string.Join(", ", Enumerable.Range(first, count).Select(i => $"{{{i}}}"));
}
