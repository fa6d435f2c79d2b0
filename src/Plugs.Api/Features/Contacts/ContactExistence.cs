namespace Plugs.Api.Features.Contacts;

/// <summary>The check every endpoint nested under or pointing at contacts makes first.</summary>
public static class ContactExistence
{
    /// <summary>404 unless every id is a live contact of the caller's organization (the tenant filter makes others' ids missing).</summary>
    public static async Task EnsureContactsExistAsync(this PlugsDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        if (await db.Contacts.CountAsync(c => distinct.Contains(c.Id), ct) != distinct.Count)
        {
            throw ProblemException.NotFound("contact");
        }
    }
}
