using Plugs.Data.Common;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts;

/// <summary>
/// The derived lead score, 0–100, computed in one set-based UPDATE:
/// <list type="bullet">
/// <item>status: hot_lead 30, new_client 20, existing_client 15, cold_lead 5;</item>
/// <item>priority: high 20, medium 10, low 0;</item>
/// <item>recency of the last completed interaction: within 7 days 30, 30 days 20, 90 days 10, else 0;</item>
/// <item>frequency: 4 points per completed interaction in the last 90 days, at most 20.</item>
/// </list>
/// A hand-set score stays until the next recompute.
/// </summary>
public static class LeadScoring
{
    public static Task<int> RecomputeAsync(PlugsDbContext db, IQueryable<Contact> contacts, DateTime now, CancellationToken ct)
    {
        var week = now.AddDays(-7);
        var month = now.AddDays(-30);
        var quarter = now.AddDays(-90);
        return contacts.ExecuteStampedUpdateAsync(db, s => s
            .SetProperty(c => c.LeadScore, c =>
                (c.Status == ContactStatus.HotLead ? 30 : c.Status == ContactStatus.NewClient ? 20 : c.Status == ContactStatus.ExistingClient ? 15 : 5)
                + (c.Priority == ContactPriority.High ? 20 : c.Priority == ContactPriority.Medium ? 10 : 0)
                + (c.LastInteraction >= week ? 30 : c.LastInteraction >= month ? 20 : c.LastInteraction >= quarter ? 10 : 0)
                + (db.ContactInteractions.Count(i => i.ContactId == c.Id && i.Status == InteractionStatus.Completed && i.InteractionDate >= quarter) >= 5
                    ? 20
                    : db.ContactInteractions.Count(i => i.ContactId == c.Id && i.Status == InteractionStatus.Completed && i.InteractionDate >= quarter) * 4)), ct);
    }

    public sealed record BatchResult(int Updated);

    /// <summary><c>POST /contacts/{id}/score</c>: recompute one contact and return it.</summary>
    public static async Task<Ok<ContactResponse>> ScoreOneAsync(Guid id, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var updated = await RecomputeAsync(db, db.Contacts.Where(c => c.Id == id), clock.StoredUtcNow(), ct);
        if (updated == 0)
        {
            throw ProblemException.NotFound("contact");
        }
        var contact = await db.Contacts.AsNoTracking().Where(c => c.Id == id).Select(ContactResponse.Projection(db)).FirstAsync(ct);
        ETags.Write(http, contact.UpdatedAt);
        return TypedResults.Ok(contact);
    }

    /// <summary><c>POST /contacts/score</c>: recompute every contact matching the list filters, in one statement.</summary>
    public static async Task<Ok<BatchResult>> ScoreAllAsync([AsParameters] ContactFilter filter, PlugsDbContext db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(new BatchResult(await RecomputeAsync(db, await filter.ApplyAsync(db, db.Contacts, ct), clock.StoredUtcNow(), ct)));
}
