using Microsoft.EntityFrameworkCore.Query;
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
/// A contact whose <c>lead_score_source</c> is <c>derived</c> is scored on every create and update
/// (and import and merge) in the same transaction — a new one by <see cref="ForNewContact"/>; a <c>manual</c> score — one a person set — is
/// kept until someone asks for the derived one again (<c>lead_score_source: derived</c> or
/// <c>POST /contacts/{id}/score</c>).
/// </summary>
public static class LeadScoring
{
    /// <summary>
    /// Scores the derived contacts of <paramref name="contacts"/> after a save that already stamped
    /// them (create, update, import, merge): the score is part of that write, so the version stays.
    /// </summary>
    public static Task<int> DeriveAsync(PlugsDbContext db, IQueryable<Contact> contacts, CancellationToken ct) =>
        contacts.Where(c => c.LeadScoreSource == LeadScoreSource.Derived)
            .ExecuteDerivedUpdateAsync(s => Score(db, s, db.Clock.StoredUtcNow()), ct);

    /// <summary>
    /// The derived score of a contact that has no interactions yet — a new one: its status and
    /// priority points. New contacts (create, walk-in, import) are stored with it rather than
    /// written twice: a second UPDATE per row doubled an import's time (bench/README.md, session 7).
    /// The same points as <see cref="Score"/>, which a test holds equal for every status and priority.
    /// </summary>
    public static int ForNewContact(ContactStatus status, ContactPriority priority) =>
        status switch { ContactStatus.HotLead => 30, ContactStatus.NewClient => 20, ContactStatus.ExistingClient => 15, _ => 5 }
        + priority switch { ContactPriority.High => 20, ContactPriority.Medium => 10, _ => 0 };

    /// <summary>Scores <paramref name="contacts"/> by the rule and makes their score derived, as a write of its own (stamped).</summary>
    private static Task<int> RecomputeAsync(PlugsDbContext db, IQueryable<Contact> contacts, CancellationToken ct) =>
        contacts.ExecuteStampedUpdateAsync(db, s =>
        {
            Score(db, s, db.Clock.StoredUtcNow());
            s.SetProperty(c => c.LeadScoreSource, LeadScoreSource.Derived);
        }, ct);

    private static void Score(PlugsDbContext db, UpdateSetters<Contact> s, DateTime now)
    {
        var week = now.AddDays(-7);
        var month = now.AddDays(-30);
        var quarter = now.AddDays(-90);
        s.SetProperty(c => c.LeadScore, c =>
            (c.Status == ContactStatus.HotLead ? 30 : c.Status == ContactStatus.NewClient ? 20 : c.Status == ContactStatus.ExistingClient ? 15 : 5)
            + (c.Priority == ContactPriority.High ? 20 : c.Priority == ContactPriority.Medium ? 10 : 0)
            + (c.LastInteraction >= week ? 30 : c.LastInteraction >= month ? 20 : c.LastInteraction >= quarter ? 10 : 0)
            + (db.ContactInteractions.Count(i => i.ContactId == c.Id && i.Status == InteractionStatus.Completed && i.InteractionDate >= quarter) >= 5
                ? 20
                : db.ContactInteractions.Count(i => i.ContactId == c.Id && i.Status == InteractionStatus.Completed && i.InteractionDate >= quarter) * 4));
    }

    public sealed record BatchResult(int Updated);

    /// <summary><c>POST /contacts/{id}/score</c>: score one contact by the rule (its score becomes derived) and return it.</summary>
    public static async Task<Ok<ContactResponse>> ScoreContactAsync(Guid id, PlugsDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await RecomputeAsync(db, db.Contacts.Where(c => c.Id == id), ct) == 0)
        {
            throw ProblemException.NotFound("contact");
        }
        var contact = await ContactEndpoints.DetailAsync(db, id, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(contact);
    }

    /// <summary>
    /// <c>POST /contacts/score</c>: re-score every derived contact matching the list filters, in one
    /// statement (recency decays with time); hand-set scores are left alone.
    /// </summary>
    public static async Task<Ok<BatchResult>> ScoreContactsAsync([AsParameters] ContactFilter filter, PlugsDbContext db, CancellationToken ct) =>
        TypedResults.Ok(new BatchResult(await RecomputeAsync(db,
            (await filter.ApplyAsync(db, db.Contacts, ct)).Where(c => c.LeadScoreSource == LeadScoreSource.Derived), ct)));
}
