using Plugs.Data.Common;

namespace Plugs.Api.Features.Contacts;

/// <summary>
/// Sets a contact's tags by name, creating the organization's tags that do not exist yet. Safe
/// under parallel requests: tags are inserted with <c>ON CONFLICT DO NOTHING</c> on their unique
/// (organization_id, name) and read back, links with <c>ON CONFLICT DO NOTHING</c> on their key,
/// so a concurrent request creating the same tag or link is met, not raced. On PostgreSQL the tags
/// read back are held <c>FOR KEY SHARE</c> until the transaction ends, so a concurrent delete of
/// one waits for the links to commit and then takes them with it (the foreign key cascades).
/// </summary>
public sealed class ContactTags(PlugsDbContext db, TimeProvider clock)
{
    /// <summary>A tag deleted between our insert and our read is inserted again; this many times before giving up.</summary>
    private const int Attempts = 3;

    private sealed record TagRow(Guid Id, string Name);

    /// <summary>Replaces the contact's tags with <paramref name="names"/>; returns them sorted. Call inside the caller's transaction.</summary>
    public async Task<List<string>> ReplaceAsync(Guid contactId, IEnumerable<string> names, CancellationToken ct)
    {
        var wanted = names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var tags = await GetOrCreateAsync(wanted, ct);
        var tagIds = tags.Select(t => t.Id).ToList();
        await db.ContactTags.Where(x => x.ContactId == contactId && !tagIds.Contains(x.TagId)).ExecuteDeleteAsync(ct);
        await LinkAsync(contactId, tagIds, ct);
        return wanted;
    }

    /// <summary>Puts the tags <paramref name="tagIds"/> on the contact; links it has already, and tags gone meanwhile, are passed over.</summary>
    public async Task LinkAsync(Guid contactId, IReadOnlyCollection<Guid> tagIds, CancellationToken ct)
    {
        if (tagIds.Count == 0)
        {
            return;
        }
        object[] values = [db.Tenant.RequiredOrganizationId, contactId, clock.StoredUtcNow(), .. tagIds.Cast<object>()];
        // Only placeholders go into the text; every value is a parameter.
        var sql = $$"""
            INSERT INTO contact_tags (organization_id, contact_id, tag_id, created_at)
            SELECT organization_id, {1}, id, {2} FROM tags
            WHERE organization_id = {0} AND id IN ({{Placeholders(3, tagIds.Count)}}){{KeyShare}}
            ON CONFLICT (contact_id, tag_id) DO NOTHING
            """;
        await db.Database.ExecuteSqlRawAsync(sql, values, ct);
    }

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
        var names = links.Select(l => l.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var ids = (await GetOrCreateAsync(names, ct)).ToDictionary(t => t.Name, t => t.Id, StringComparer.Ordinal);
        var now = clock.StoredUtcNow();
        // A few thousand links a statement keeps every provider well under its parameter limit.
        foreach (var chunk in links.DistinctBy(l => (l.ContactId, l.Name)).Chunk(4000))
        {
            object[] values = [db.Tenant.RequiredOrganizationId, now, .. chunk.SelectMany(l => new object[] { l.ContactId, ids[l.Name] })];
            var rows = string.Join(", ", chunk.Select((_, i) => $"({{{2 + 2 * i}}}, {{{3 + 2 * i}}})"));
            // Only placeholders go into the text; every value is a parameter. The tags were read FOR
            // KEY SHARE above (PostgreSQL), so none of them can be deleted before these links commit.
            var sql = $$"""
                INSERT INTO contact_tags (organization_id, contact_id, tag_id, created_at)
                SELECT {0}, v.column1, v.column2, {1} FROM (VALUES {{rows}}) AS v WHERE true
                ON CONFLICT (contact_id, tag_id) DO NOTHING
                """;
            await db.Database.ExecuteSqlRawAsync(sql, values, ct);
        }
    }

    /// <summary>The organization's tags named <paramref name="names"/> (sorted, distinct), inserting those missing with the stamps a save would give.</summary>
    private async Task<List<TagRow>> GetOrCreateAsync(List<string> names, CancellationToken ct)
    {
        if (names.Count == 0)
        {
            return [];
        }
        var organization = db.Tenant.RequiredOrganizationId;
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.StoredUtcNow();
            // Rows in name order: two requests inserting overlapping names wait for each other in one order, never in a cycle.
            var rows = string.Join(", ", names.Select((_, i) => $"({{{3 + 2 * i}}}, {{0}}, {{{4 + 2 * i}}}, {{1}}, {{1}}, {{2}}, {{2}})"));
            object?[] values = [organization, now, db.Tenant.UserId, .. names.SelectMany(n => new object[] { Guid.CreateVersion7(now), n })];
            // Only placeholders go into the texts; every value is a parameter.
            var insert = $"""
                INSERT INTO tags (id, organization_id, name, created_at, updated_at, created_by, updated_by)
                VALUES {rows}
                ON CONFLICT (organization_id, name) DO NOTHING
                """;
            await db.Database.ExecuteSqlRawAsync(insert, values!, ct);
            object[] lookup = [organization, .. names];
            var select = $$"""
                SELECT id, name FROM tags
                WHERE organization_id = {0} AND name IN ({{Placeholders(1, names.Count)}}){{KeyShare}}
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
