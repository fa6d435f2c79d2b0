using Plugs.Api.Features.Contacts;
using Microsoft.AspNetCore.Mvc;
using Plugs.Data.Network;

namespace Plugs.Api.Features.Network;

/// <summary><c>GET /contacts/{id}/intro-paths</c>: who can get us to this contact, best warm path first.</summary>
public static class IntroPaths
{
    /// <summary>The walk in <see cref="IntroPathQuery"/> has one level per hop: raise both together.</summary>
    public const int MaxHops = 3;
    public const int DefaultLimit = 5;
    public const int MaxLimit = 50;

    public sealed record PathRelationship(
        Guid Id, Guid FromContactId, Guid ToContactId, RelationshipType RelationshipType, int Strength, DateTime UpdatedAt);

    /// <summary>One path: <c>contacts</c> run from the starting plug or contact to the target; <c>relationships[i]</c> links <c>contacts[i]</c> and <c>contacts[i+1]</c>.</summary>
    public sealed record IntroPathResponse(int Hops, double Score, IReadOnlyList<ContactSummary> Contacts, IReadOnlyList<PathRelationship> Relationships);

    /// <summary>
    /// The best warm paths of 1 to <c>max_hops</c> (1–3, default 3) relationships from one of the
    /// organization's plugs or known contacts (<c>contact_type</c> <c>plug</c> or <c>contact</c>) to
    /// this contact, at most <c>limit</c> (1–50, default 5) of them. Relationships count in both
    /// directions; no contact appears twice on a path; deleted contacts and relationships are not used.
    /// Ranking: <c>score</c> = the product over the path of <c>strength / 5</c> (in (0, 1]; every
    /// extra hop can only lower it), highest first; ties go to fewer hops, then to the path whose
    /// least recently updated relationship is the most recent, then to the one whose first
    /// relationship (from the starting contact) is the most recent. Between the same contacts, only
    /// the best choice of relationships is listed (the strongest, then the most recently updated).
    /// Computed in the database, pruned by score (<see cref="IntroPathQuery"/>).
    /// </summary>
    public static async Task<Ok<List<IntroPathResponse>>> HandleAsync(
        Guid contactId, [FromQuery(Name = "max_hops")] int? maxHops, [FromQuery(Name = "limit")] int? limit,
        PlugsDbContext db, CancellationToken ct)
    {
        var hops = maxHops ?? MaxHops;
        var take = limit ?? DefaultLimit;
        if (hops is < 1 or > MaxHops)
        {
            throw ValidationProblemException.For("max_hops", $"Must be between 1 and {MaxHops}.");
        }
        if (take is < 1 or > MaxLimit)
        {
            throw ValidationProblemException.For("limit", $"Must be between 1 and {MaxLimit}.");
        }
        await db.EnsureContactsExistAsync([contactId], ct);

        var rows = await IntroPathQuery.BestPathsAsync(db, contactId, hops, take, ct);
        var contactIds = rows.SelectMany(r => r.ContactIds(contactId)).Distinct().ToList();
        var relationshipIds = rows.SelectMany(r => r.RelationshipIds).Distinct().ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => contactIds.Contains(c.Id))
            .Select(c => new ContactSummary(c.Id, c.FirstName, c.LastName, c.ContactType)).ToDictionaryAsync(c => c.Id, ct);
        var relationships = await db.ContactRelationships.AsNoTracking().Where(r => relationshipIds.Contains(r.Id))
            .Select(r => new PathRelationship(r.Id, r.FromContactId, r.ToContactId, r.RelationshipType, r.Strength, r.UpdatedAt))
            .ToDictionaryAsync(r => r.Id, ct);

        // A contact or relationship deleted between the two reads drops its path rather than half-showing it.
        var paths = rows
            .Where(r => r.ContactIds(contactId).All(contacts.ContainsKey) && r.RelationshipIds.All(relationships.ContainsKey))
            .Select(r => new IntroPathResponse(
                r.Hops, r.Score, r.ContactIds(contactId).Select(id => contacts[id]).ToList(), r.RelationshipIds.Select(id => relationships[id]).ToList()))
            .ToList();
        return TypedResults.Ok(paths);
    }
}
