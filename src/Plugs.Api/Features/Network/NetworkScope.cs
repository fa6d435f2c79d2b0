using Plugs.Data.Contacts;
using Plugs.Data.Network;

namespace Plugs.Api.Features.Network;

/// <summary>A contact as the network endpoints show it: enough to name and classify it.</summary>
public sealed record ContactSummary(Guid Id, string FirstName, string LastName, ContactType ContactType);

/// <summary>
/// What the network endpoints share: an edge or an introduction is visible only while both of its
/// contacts are (a deleted contact takes its relationships and introductions out of view, and a
/// restore brings them back), and both ends must be the organization's live contacts.
/// </summary>
internal static class NetworkScope
{
    public const int MaxTextLength = 10_000;

    public static IQueryable<ContactRelationship> Visible(this IQueryable<ContactRelationship> query, PlugsDbContext db) =>
        query.Where(r => db.Contacts.Any(c => c.Id == r.FromContactId) && db.Contacts.Any(c => c.Id == r.ToContactId));

    public static IQueryable<Introduction> Visible(this IQueryable<Introduction> query, PlugsDbContext db) =>
        query.Where(i => db.Contacts.Any(c => c.Id == i.PlugContactId) && db.Contacts.Any(c => c.Id == i.TargetContactId));

    public static IRuleBuilderOptions<T, int?> Strength<T>(this IRuleBuilder<T, int?> rule) => rule.InclusiveBetween(1, 5);

    /// <summary>Saves a new or changed edge; the partial unique index (from, to, type) is the guard against duplicates.</summary>
    public static async Task SaveRelationshipAsync(PlugsDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            throw ProblemException.Conflict(
                "These two contacts already have a relationship of this type in this direction.", "duplicate_relationship");
        }
    }
}
