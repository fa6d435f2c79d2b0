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

    public static async Task<Ok<List<Group>>> ListAsync([AsParameters] PageQuery page, PlugsDbContext db, CancellationToken ct)
    {
        page.Validate();
        var take = page.SkipValue + page.LimitValue;
        var byEmail = await db.Contacts.Where(c => c.Email != null)
            .GroupBy(c => c.Email!)
            .Where(g => g.Count() > 1)
            .OrderBy(g => g.Key).Select(g => g.Key).Take(take).ToListAsync(ct);
        var byName = await db.Contacts.Where(c => c.Company != null)
            .GroupBy(c => new { Name = (c.FirstName + " " + c.LastName).ToLower(), Company = c.Company!.ToLower() })
            .Where(g => g.Count() > 1)
            .OrderBy(g => g.Key.Name).ThenBy(g => g.Key.Company).Select(g => g.Key).Take(take).ToListAsync(ct);

        var keys = byEmail.Select(e => (Reason: "email", Key: e))
            .Concat(byName.Select(n => (Reason: "name_and_company", Key: $"{n.Name} @ {n.Company}")))
            .Skip(page.SkipValue).Take(page.LimitValue).ToList();
        var emails = keys.Where(k => k.Reason == "email").Select(k => k.Key).ToList();
        var names = byName.Where(n => keys.Contains(("name_and_company", $"{n.Name} @ {n.Company}"))).Select(n => n.Name).Distinct().ToList();

        var members = await db.Contacts.AsNoTracking()
            .Where(c => (c.Email != null && emails.Contains(c.Email)) || (c.Company != null && names.Contains((c.FirstName + " " + c.LastName).ToLower())))
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new { Member = new Member(c.Id, c.FirstName, c.LastName, c.Email, c.Company, c.LastInteraction, c.CreatedAt), Name = (c.FirstName + " " + c.LastName).ToLower(), Company = c.Company!.ToLower() })
            .ToListAsync(ct);

        var groups = keys.Select(k => new Group(k.Reason, k.Key, k.Reason == "email"
                ? members.Where(m => m.Member.Email == k.Key).Select(m => m.Member).ToList()
                : members.Where(m => $"{m.Name} @ {m.Company}" == k.Key).Select(m => m.Member).ToList()))
            .ToList();
        return TypedResults.Ok(groups);
    }
}
