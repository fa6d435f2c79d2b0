using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts;

/// <summary>Sets a contact's tags by name, creating the organization's tags that do not exist yet.</summary>
public sealed class ContactTags(PlugsDbContext db, TimeProvider clock)
{
    /// <summary>Replaces the contact's tags with <paramref name="names"/>; returns them sorted. Call inside the caller's transaction.</summary>
    public async Task<List<string>> ReplaceAsync(Guid contactId, IEnumerable<string> names, CancellationToken ct)
    {
        var wanted = names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var existing = await db.Tags.Where(t => wanted.Contains(t.Name)).ToListAsync(ct);
        var missing = wanted.Where(n => !existing.Any(t => t.Name == n)).ToList();
        var created = missing.Select(n => new Tag { Name = n }).ToList();
        db.Tags.AddRange(created);
        await db.SaveChangesAsync(ct);
        var tagIds = existing.Concat(created).Select(t => t.Id).ToList();
        await db.ContactTags.Where(ct2 => ct2.ContactId == contactId && !tagIds.Contains(ct2.TagId)).ExecuteDeleteAsync(ct);
        var linked = await db.ContactTags.Where(x => x.ContactId == contactId).Select(x => x.TagId).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        db.ContactTags.AddRange(tagIds.Except(linked).Select(id => new ContactTag { ContactId = contactId, TagId = id, CreatedAt = now }));
        await db.SaveChangesAsync(ct);
        return existing.Concat(created).Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
    }
}
