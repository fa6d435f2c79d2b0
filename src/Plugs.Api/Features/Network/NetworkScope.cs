using System.Linq.Expressions;
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

    /// <summary><paramref name="end"/>, or a symmetric type (<see cref="RelationshipTypes.Symmetric"/>): such an edge holds in both directions.</summary>
    public static Expression<Func<ContactRelationship, bool>> OrSymmetric(Expression<Func<ContactRelationship, bool>> end)
    {
        var type = Expression.Property(end.Parameters[0], nameof(ContactRelationship.RelationshipType));
        var body = RelationshipTypes.Symmetric.Aggregate(end.Body, (e, t) => Expression.OrElse(e, Expression.Equal(type, Expression.Constant(t))));
        return Expression.Lambda<Func<ContactRelationship, bool>>(body, end.Parameters);
    }

    /// <summary>
    /// Saves a new or changed edge. The partial unique index <c>contact_relationships_edge_key</c>
    /// is the guard against duplicates, concurrent ones included: one live edge per (from, to,
    /// type), and per pair of contacts for a symmetric type (B→A knows when A→B knows exists).
    /// </summary>
    public static async Task SaveRelationshipAsync(PlugsDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            throw ProblemException.Conflict(
                "These two contacts already have a relationship of this type in this direction (knows, works_with and friend hold both ways: one per pair).",
                "duplicate_relationship");
        }
    }
}
