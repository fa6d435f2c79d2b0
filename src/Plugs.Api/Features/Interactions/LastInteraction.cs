using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Interactions;

/// <summary>
/// <c>contacts.last_interaction</c> is derived data: the latest completed, live interaction's
/// date. Every write to a contact's interactions recomputes it in one set-based statement, in
/// the same transaction, so it can never drift.
/// </summary>
public static class LastInteraction
{
    public static Task RecomputeAsync(PlugsDbContext db, Guid contactId, CancellationToken ct) =>
        RecomputeAsync(db, db.Contacts.Where(c => c.Id == contactId), ct);

    /// <summary>The same for every contact of <paramref name="contacts"/>, in one statement.</summary>
    public static Task RecomputeAsync(PlugsDbContext db, IQueryable<Contact> contacts, CancellationToken ct) =>
        contacts.ExecuteUpdateAsync(s => s.SetProperty(
            c => c.LastInteraction,
            c => db.ContactInteractions
                .Where(i => i.ContactId == c.Id && i.Status == InteractionStatus.Completed)
                .Max(i => (DateTime?)i.InteractionDate)), ct);
}
