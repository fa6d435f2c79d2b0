using System.Text.Json;
using Plugs.Api.Platform.Database;
using Plugs.Api.Platform.Json;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts;

/// <summary>
/// Partial update; <c>last_interaction</c>, ids and stamps are the server's and are refused. Setting
/// <c>lead_score</c> makes the score manual; <c>lead_score_source: manual</c> keeps the current score
/// as it is, <c>derived</c> scores it by the rule — and a derived score is scored again on every update.
/// </summary>
public static class UpdateContact
{
    public sealed record Request(
        PatchValue<string?> FirstName, PatchValue<string?> LastName, PatchValue<string?> Email, PatchValue<string?> Phone,
        PatchValue<string?> Company, PatchValue<string?> JobTitle, PatchValue<string?> LinkedinUrl, PatchValue<string?> Bio,
        PatchValue<string?> AvatarUrl, PatchValue<ContactType?> ContactType, PatchValue<ContactStatus?> Status,
        PatchValue<ContactPriority?> Priority, PatchValue<string?> BusinessType, PatchValue<string?> NetworkType,
        PatchValue<string?> Industry, PatchValue<string?> Notes, PatchValue<JsonElement?> Metadata, PatchValue<int?> LeadScore,
        PatchValue<LeadScoreSource?> LeadScoreSource, PatchValue<string[]?> Tags);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.FirstName.Value).ValidName().When(x => x.FirstName.IsSet);
            RuleFor(x => x.LastName.Value).ValidName().When(x => x.LastName.IsSet);
            RuleFor(x => x.Email.Value).ValidOptionalEmail();
            RuleFor(x => x.Phone.Value).ValidPhone();
            RuleFor(x => x.Company.Value).MaximumLength(100);
            RuleFor(x => x.JobTitle.Value).MaximumLength(100);
            RuleFor(x => x.LinkedinUrl.Value).ValidUrl(255);
            RuleFor(x => x.AvatarUrl.Value).ValidUrl(500);
            RuleFor(x => x.BusinessType.Value).MaximumLength(50);
            RuleFor(x => x.NetworkType.Value).MaximumLength(50);
            RuleFor(x => x.Industry.Value).MaximumLength(100);
            RuleFor(x => x.Bio.Value).MaximumLength(10_000);
            RuleFor(x => x.Notes.Value).MaximumLength(50_000);
            RuleFor(x => x.ContactType.Value).NotNull().When(x => x.ContactType.IsSet);
            RuleFor(x => x.Status.Value).NotNull().When(x => x.Status.IsSet);
            RuleFor(x => x.Priority.Value).NotNull().When(x => x.Priority.IsSet);
            RuleFor(x => x.LeadScore.Value).NotNull().LeadScore().When(x => x.LeadScore.IsSet);
            RuleFor(x => x.LeadScoreSource.Value).NotNull().When(x => x.LeadScoreSource.IsSet);
            RuleFor(x => x.LeadScoreSource.Value).Must(s => s != Data.Contacts.LeadScoreSource.Derived).When(x => x.LeadScore.IsSet)
                .WithMessage(ContactRules.DerivedWithScore);
            RuleFor(x => x.Metadata.Value).Metadata();
            RuleFor(x => x.Tags.Value).Tags();
        }
    }

    public static async Task<Ok<ContactResponse>> HandleAsync(
        Guid id, Request request, PlugsDbContext db, ContactTags tags, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Read under the contact's lock: a merge folding this contact away, or another update of
        // its tags, finishes first, and this one then sees (and answers for) what it left.
        await db.LockAsync<Contact>([id], ct);
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw ProblemException.NotFound("contact");
        ETags.CheckIfMatch(http, contact.UpdatedAt);
        contact.FirstName = request.FirstName.Or(contact.FirstName)!.Trim();
        contact.LastName = request.LastName.Or(contact.LastName)!.Trim();
        contact.Email = request.Email.IsSet ? CreateContact.NormalizeEmail(request.Email.Value) : contact.Email;
        contact.Phone = request.Phone.Or(contact.Phone);
        contact.Company = request.Company.Or(contact.Company);
        contact.JobTitle = request.JobTitle.Or(contact.JobTitle);
        contact.LinkedinUrl = request.LinkedinUrl.Or(contact.LinkedinUrl);
        contact.Bio = request.Bio.Or(contact.Bio);
        contact.AvatarUrl = request.AvatarUrl.Or(contact.AvatarUrl);
        contact.ContactType = request.ContactType.Or(contact.ContactType) ?? contact.ContactType;
        contact.Status = request.Status.Or(contact.Status) ?? contact.Status;
        contact.Priority = request.Priority.Or(contact.Priority) ?? contact.Priority;
        contact.BusinessType = request.BusinessType.Or(contact.BusinessType);
        contact.NetworkType = request.NetworkType.Or(contact.NetworkType);
        contact.Industry = request.Industry.Or(contact.Industry);
        contact.Notes = request.Notes.Or(contact.Notes);
        if (request.LeadScore.IsSet)
        {
            contact.LeadScore = request.LeadScore.Value!.Value;
            contact.LeadScoreSource = LeadScoreSource.Manual;
        }
        else if (request.LeadScoreSource.IsSet)
        {
            contact.LeadScoreSource = request.LeadScoreSource.Value!.Value;
        }
        if (request.Metadata.IsSet)
        {
            contact.Metadata = request.Metadata.Value?.GetRawText() ?? "{}";
        }
        if (request.Tags.IsSet)
        {
            // Tags are part of the contact: changing them moves updated_at and so the ETag.
            db.Entry(contact).Property(x => x.UpdatedAt).IsModified = true;
        }
        await db.SaveChangesAsync(ct);
        if (request.Tags.IsSet)
        {
            await tags.ReplaceAsync(contact.Id, request.Tags.Value ?? [], ct);
        }
        await LeadScoring.DeriveAsync(db, db.Contacts.Where(c => c.Id == contact.Id), ct);
        var response = await ContactEndpoints.DetailAsync(db, contact.Id, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(response);
    }
}
