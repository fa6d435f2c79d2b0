using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts;

/// <summary>
/// <c>GET /contacts/duplicates</c>: groups of live contacts that look like the same person —
/// the same e-mail, or the same name and company (case-insensitive). Grouping happens in the
/// database; only the contacts of the returned groups are read.
/// </summary>
public static class Duplicates
{
    public sealed record Member(Guid Id, string FirstName, string LastName, string? Email, string? Company, DateTime? LastInteraction, DateTime CreatedAt);

    public sealed record Group(string Reason, string Key, IReadOnlyList<Member> Contacts);

    public static async Task<Ok<List<Group>>> ListContactDuplicatesAsync([AsParameters] PageQuery page, PlugsDbContext db, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await page.ToPageAsync(c => CountAsync(db, c), (skip, take) => GroupsAsync(db, skip, take, ct), http, ct));

    private static IQueryable<string> EmailKeys(PlugsDbContext db) =>
        db.Contacts.Where(c => c.Email != null).GroupBy(c => c.Email!).Where(g => g.Count() > 1).Select(g => g.Key);

    private static IQueryable<NameKey> NameKeys(PlugsDbContext db) =>
        db.Contacts.Where(c => c.Company != null)
            .GroupBy(c => new { Name = (c.FirstName + " " + c.LastName).ToLower(), Company = c.Company!.ToLower() })
            .Where(g => g.Count() > 1)
            .Select(g => new NameKey { Name = g.Key.Name, Company = g.Key.Company });

    private sealed class NameKey
    {
        public required string Name { get; init; }
        public required string Company { get; init; }
    }

    private static async Task<int> CountAsync(PlugsDbContext db, CancellationToken ct) =>
        await EmailKeys(db).CountAsync(ct) + await NameKeys(db).CountAsync(ct);

    /// <summary>E-mail groups first, then name-and-company groups, each in key order.</summary>
    private static async IAsyncEnumerable<Group> GroupsAsync(PlugsDbContext db, int skip, int take, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var through = PageQuery.Through(skip, take);
        var byEmail = await EmailKeys(db).OrderBy(k => k).Take(through).ToListAsync(ct);
        var byName = await NameKeys(db).OrderBy(k => k.Name).ThenBy(k => k.Company).Take(through).ToListAsync(ct);

        var keys = byEmail.Select(e => (Reason: "email", Key: e))
            .Concat(byName.Select(n => (Reason: "name_and_company", Key: $"{n.Name} @ {n.Company}")))
            .Skip(skip).Take(take).ToList();
        var emails = keys.Where(k => k.Reason == "email").Select(k => k.Key).ToList();
        var names = byName.Where(n => keys.Contains(("name_and_company", $"{n.Name} @ {n.Company}"))).Select(n => n.Name).Distinct().ToList();

        var members = await db.Contacts.AsNoTracking()
            .Where(c => (c.Email != null && emails.Contains(c.Email)) || (c.Company != null && names.Contains((c.FirstName + " " + c.LastName).ToLower())))
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new { Member = new Member(c.Id, c.FirstName, c.LastName, c.Email, c.Company, c.LastInteraction, c.CreatedAt), Name = (c.FirstName + " " + c.LastName).ToLower(), Company = c.Company!.ToLower() })
            .ToListAsync(ct);

        foreach (var (reason, key) in keys)
        {
            yield return new Group(reason, key, reason == "email"
                ? members.Where(m => m.Member.Email == key).Select(m => m.Member).ToList()
                : members.Where(m => $"{m.Name} @ {m.Company}" == key).Select(m => m.Member).ToList());
        }
    }
}
