using Plugs.Api.Features.Interactions;
using Plugs.Api.Platform.Database;
using Plugs.Data.Common;
using Plugs.Data.Contacts;
using Plugs.Data.Network;

namespace Plugs.Api.Features.Contacts;

/// <summary>
/// <c>POST /contacts/{id}/merge {merge_ids}</c>: folds duplicates into the survivor in one
/// transaction. Interactions, tags, relationships and introductions move to the survivor (links
/// that would become self-references or duplicates are dropped), the survivor's empty fields
/// are filled from the duplicates, and the duplicates are soft-deleted.
/// </summary>
public static class MergeContacts
{
    public const int MaxMerge = 20;

    public sealed record Request(Guid[]? MergeIds);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(x => x.MergeIds).NotEmpty()
            .Must(ids => ids is null || ids.Length <= MaxMerge).WithMessage($"At most {MaxMerge} contacts at once.")
            .Must(ids => ids is null || ids.Distinct().Count() == ids.Length).WithMessage("Ids must be distinct.");
    }

    public static async Task<Ok<ContactResponse>> HandleAsync(
        Guid id, Request request, PlugsDbContext db, ContactTags tags, TimeProvider clock, CancellationToken ct)
    {
        var ids = request.MergeIds!;
        if (ids.Contains(id))
        {
            throw ValidationProblemException.For("merge_ids", "A contact cannot be merged into itself.");
        }
        Guid[] involved = [id, .. ids];
        // What the caller could see when it asked: a contact missing now is a 404.
        var live = await db.Contacts.Where(c => involved.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        if (!live.Contains(id))
        {
            throw ProblemException.NotFound("contact");
        }
        if (live.Count != involved.Length)
        {
            throw ProblemException.NotFound("contact to merge");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Every contact of the merge, locked in ascending id order: merges sharing a contact run one
        // after the other (never deadlocked), and so do interaction writes on them (LastInteraction).
        await db.LockAsync<Contact>(involved, ct);
        var survivor = await db.Contacts.FirstOrDefaultAsync(c => c.Id == id, ct);
        var duplicates = await db.Contacts.Where(c => ids.Contains(c.Id)).OrderBy(c => c.CreatedAt).ToListAsync(ct);
        if (survivor is null || duplicates.Count != ids.Length)
        {
            throw ProblemException.Conflict("A contact of this merge was merged or deleted by another request meanwhile; nothing was changed.", "merge_conflict");
        }
        var now = clock.StoredUtcNow();

        await db.ContactInteractions.Where(i => ids.Contains(i.ContactId)).ExecuteStampedUpdateAsync(db, s => s.SetProperty(i => i.ContactId, id), ct);
        await MoveTagsAsync(db, tags, id, ids, ct);
        await MoveRelationshipsAsync(db, id, ids, now, ct);
        await db.Introductions.Where(i => ids.Contains(i.PlugContactId)).ExecuteStampedUpdateAsync(db, s => s.SetProperty(i => i.PlugContactId, id), ct);
        await db.Introductions.Where(i => ids.Contains(i.TargetContactId)).ExecuteStampedUpdateAsync(db, s => s.SetProperty(i => i.TargetContactId, id), ct);
        await db.Introductions.Where(i => i.PlugContactId == i.TargetContactId)
            .ExecuteStampedUpdateAsync(db, s => s.SetProperty(i => i.IsDeleted, true).SetProperty(i => i.DeletedAt, now), ct);

        foreach (var duplicate in duplicates)
        {
            FillGaps(survivor, duplicate);
            db.Contacts.Remove(duplicate); // soft delete
        }
        // Besides each duplicate's contact.deleted and the survivor's contact.updated (from the save).
        Plugs.Data.Webhooks.WebhookTrail.Publish(db, "contact.merged", new { Id = id, MergedIds = duplicates.Select(d => d.Id).ToArray() });
        await db.SaveChangesAsync(ct);
        await LastInteraction.RecomputeAsync(db, id, ct);
        await LeadScoring.DeriveAsync(db, db.Contacts.Where(c => c.Id == id), ct);
        var contact = await ContactEndpoints.DetailAsync(db, id, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(contact);
    }

    private static async Task MoveTagsAsync(PlugsDbContext db, ContactTags tags, Guid survivor, Guid[] ids, CancellationToken ct)
    {
        var incoming = await db.ContactTags.Where(t => ids.Contains(t.ContactId)).Select(t => t.TagId).Distinct().ToListAsync(ct);
        await db.ContactTags.Where(t => ids.Contains(t.ContactId)).ExecuteAuditedDeleteAsync(db, ct);
        await tags.LinkAsync(survivor, incoming, ct);
    }

    /// <summary>Re-points edges; an edge that would duplicate one the survivor has, or point at itself, is dropped.</summary>
    private static async Task MoveRelationshipsAsync(PlugsDbContext db, Guid survivor, Guid[] ids, DateTime now, CancellationToken ct)
    {
        var involved = ids.Append(survivor).ToList();
        var edges = await db.ContactRelationships
            .Where(r => involved.Contains(r.FromContactId) || involved.Contains(r.ToContactId))
            .OrderByDescending(r => r.FromContactId == survivor || r.ToContactId == survivor).ThenByDescending(r => r.Strength)
            .ToListAsync(ct);
        var kept = new HashSet<(Guid, Guid, RelationshipType)>();
        foreach (var edge in edges)
        {
            var from = ids.Contains(edge.FromContactId) ? survivor : edge.FromContactId;
            var to = ids.Contains(edge.ToContactId) ? survivor : edge.ToContactId;
            if (from == to || !kept.Add(RelationshipTypes.EdgeKey(from, to, edge.RelationshipType)))
            {
                edge.IsDeleted = true;
                edge.DeletedAt = now;
                continue;
            }
            edge.FromContactId = from;
            edge.ToContactId = to;
        }
        // Every kept edge has an edge key (the unique index's) no other live edge has, so the index holds in any statement order.
        await db.SaveChangesAsync(ct);
    }

    private static void FillGaps(Contact survivor, Contact duplicate)
    {
        survivor.Email ??= duplicate.Email;
        survivor.Phone ??= duplicate.Phone;
        survivor.Company ??= duplicate.Company;
        survivor.JobTitle ??= duplicate.JobTitle;
        survivor.LinkedinUrl ??= duplicate.LinkedinUrl;
        survivor.Bio ??= duplicate.Bio;
        survivor.AvatarUrl ??= duplicate.AvatarUrl;
        survivor.BusinessType ??= duplicate.BusinessType;
        survivor.NetworkType ??= duplicate.NetworkType;
        survivor.Industry ??= duplicate.Industry;
        if (survivor.LeadScoreSource == LeadScoreSource.Manual)
        {
            survivor.LeadScore = Math.Max(survivor.LeadScore, duplicate.LeadScore); // a derived one is scored again after the merge
        }
        if (!string.IsNullOrWhiteSpace(duplicate.Notes) && duplicate.Notes != survivor.Notes)
        {
            survivor.Notes = string.IsNullOrWhiteSpace(survivor.Notes) ? duplicate.Notes : $"{survivor.Notes}\n\n{duplicate.Notes}";
        }
    }
}
