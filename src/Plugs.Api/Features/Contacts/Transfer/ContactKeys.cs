using Plugs.Api.Platform.Database;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// A batch's candidate contacts — the live contacts any of its rows' keys name, read in one query
/// over indexed columns — by each key, with their tags, and the rule that picks a row's contact:
/// the first key (LinkedIn profile, e-mail, UID) that any of them holds decides; one holder is
/// the match, several skip the row (updating one would be a guess the user cannot see), none
/// passes on to the next key.
/// </summary>
internal sealed class ContactKeys
{
    private readonly ILookup<string, Contact> byProfile;
    private readonly ILookup<string, Contact> byEmail;
    private readonly ILookup<string, Contact> byUid;
    private readonly Dictionary<Guid, Contact> byId;
    private readonly ILookup<Guid, string> tags;

    private ContactKeys(List<Contact> candidates, ILookup<Guid, string> tags)
    {
        byProfile = candidates.Where(c => c.LinkedinKey != null).ToLookup(c => c.LinkedinKey!, StringComparer.Ordinal);
        byEmail = candidates.Where(c => c.Email != null).ToLookup(c => c.Email!, StringComparer.Ordinal);
        byUid = candidates.Where(c => c.ExternalUid != null).ToLookup(c => c.ExternalUid!, StringComparer.Ordinal);
        byId = candidates.ToDictionary(c => c.Id);
        this.tags = tags;
    }

    /// <summary>
    /// With <paramref name="locked"/> (inside the batch's transaction) the candidates are locked,
    /// then read again under the lock and tracked, so what is matched and updated is what is
    /// committed: a merge or an edit running at the same time either finished first and is seen,
    /// or waits for this batch.
    /// </summary>
    public static async Task<ContactKeys> LoadAsync(PlugsDbContext db, List<PreparedRow> rows, bool locked, CancellationToken ct)
    {
        var profiles = rows.Select(r => r.ProfileKey).OfType<string>().Distinct().ToList();
        var emails = rows.Select(r => r.Email).OfType<string>().Distinct().ToList();
        var uids = rows.Select(r => r.Uid).OfType<string>().Distinct().ToList();
        var ids = rows.Select(r => r.UidId).OfType<Guid>().Distinct().ToList();
        if (profiles.Count + emails.Count + uids.Count + ids.Count == 0)
        {
            return new ContactKeys([], Array.Empty<Guid>().ToLookup(_ => Guid.Empty, _ => ""));
        }
        IQueryable<Contact> Matching(IQueryable<Contact> contacts) => contacts.Where(c =>
            (c.LinkedinKey != null && profiles.Contains(c.LinkedinKey)) || (c.Email != null && emails.Contains(c.Email))
            || (c.ExternalUid != null && uids.Contains(c.ExternalUid)) || ids.Contains(c.Id));
        var found = await Matching(locked ? db.Contacts : db.Contacts.AsNoTracking()).ToListAsync(ct);
        if (locked && found.Count > 0)
        {
            var held = found.Select(c => c.Id).ToList();
            await db.LockAsync<Contact>(held, ct);
            db.ChangeTracker.Clear();
            found = await Matching(db.Contacts.Where(c => held.Contains(c.Id))).ToListAsync(ct);
        }
        var foundIds = found.Select(c => c.Id).ToList();
        var tagged = foundIds.Count == 0 ? [] : await db.ContactTags.Where(x => foundIds.Contains(x.ContactId))
            .Join(db.Tags, x => x.TagId, t => t.Id, (x, t) => new { x.ContactId, t.Name }).ToListAsync(ct);
        return new ContactKeys(found, tagged.ToLookup(r => r.ContactId, r => r.Name));
    }

    /// <summary>The contact's tag names folded (TextFolding.Case): tag names ignore case.</summary>
    public HashSet<string> TagsOf(Guid contactId) => tags[contactId].Select(TextFolding.Case).ToHashSet(StringComparer.Ordinal);

    /// <summary>The row's contact, or none (create it), or why the row is skipped.</summary>
    public (Contact? Match, string? Problem) Find(PreparedRow p)
    {
        (string What, List<Contact> Holders)[] keys =
        [
            ("LinkedIn profile", p.ProfileKey is { } k ? [.. byProfile[k]] : []),
            ("e-mail", p.Email is { } e ? [.. byEmail[e]] : []),
            ("UID", p.Uid is { } u ? [.. byUid[u].Concat(p.UidId is { } id && byId.TryGetValue(id, out var own) ? [own] : []).DistinctBy(c => c.Id)] : []),
        ];
        foreach (var (what, holders) in keys)
        {
            switch (holders.Count)
            {
                case 1:
                    return (holders[0], null);
                case > 1:
                    return (null, $"the {what} is held by {holders.Count} contacts of the organization; merge them (GET /contacts/duplicates) to import into one");
            }
        }
        return (null, null);
    }
}
