using Plugs.Api.Platform.Database;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Interactions;

/// <summary>
/// <c>contacts.last_interaction</c> is derived data: the latest completed, live interaction's
/// date. Every write to a contact's interactions first locks the contact (<see cref="LockContactAsync"/>),
/// then recomputes it in one set-based statement in the same transaction. The lock is what keeps
/// it right under parallel writes: under READ COMMITTED a recomputation that merely waited for
/// another's row lock would still not see that transaction's interaction; one that starts after
/// the lock is released does.
/// </summary>
public static class LastInteraction
{
    /// <summary>Locks the contact whose interactions are about to change. Call first in the transaction.</summary>
    public static Task LockContactAsync(PlugsDbContext db, Guid contactId, CancellationToken ct) =>
        db.LockAsync<Contact>([contactId], ct);

    /// <summary>
    /// Locks the contact of an interaction and returns the interaction as it is under that lock
    /// (tracked), or 404. A merge may move the interaction to another contact while we wait; then
    /// that contact is locked too.
    /// </summary>
    public static async Task<ContactInteraction> LockInteractionAsync(PlugsDbContext db, Guid interactionId, CancellationToken ct)
    {
        const int attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            var contactId = await db.ContactInteractions.Where(i => i.Id == interactionId).Select(i => (Guid?)i.ContactId).FirstOrDefaultAsync(ct)
                ?? throw ProblemException.NotFound("interaction");
            await LockContactAsync(db, contactId, ct);
            var interaction = await db.ContactInteractions.FirstOrDefaultAsync(i => i.Id == interactionId, ct)
                ?? throw ProblemException.NotFound("interaction");
            if (interaction.ContactId == contactId)
            {
                return interaction;
            }
            db.Entry(interaction).State = EntityState.Detached;
            if (attempt == attempts)
            {
                throw ProblemException.Conflict("The interaction kept moving between contacts while this request waited; try again.", "interaction_moved");
            }
        }
    }

    /// <summary>Recomputes the contact's <c>last_interaction</c>. Call under <see cref="LockContactAsync"/>.</summary>
    public static Task RecomputeAsync(PlugsDbContext db, Guid contactId, CancellationToken ct) =>
        RecomputeAsync(db, db.Contacts.Where(c => c.Id == contactId), ct);

    /// <summary>The same for every contact of <paramref name="contacts"/>, in one statement.</summary>
    public static Task RecomputeAsync(PlugsDbContext db, IQueryable<Contact> contacts, CancellationToken ct) =>
        contacts.ExecuteDerivedUpdateAsync(s => s.SetProperty(
            c => c.LastInteraction,
            c => db.ContactInteractions
                .Where(i => i.ContactId == c.Id && i.Status == InteractionStatus.Completed)
                .Max(i => (DateTime?)i.InteractionDate)), ct);
}
