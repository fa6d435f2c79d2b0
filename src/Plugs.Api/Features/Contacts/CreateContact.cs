using System.Text.Json;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts;

public static class CreateContact
{
    public sealed record Request(
        string? FirstName, string? LastName, string? Email, string? Phone, string? Company, string? JobTitle,
        string? LinkedinUrl, string? Bio, string? AvatarUrl, ContactType? ContactType, ContactStatus? Status,
        ContactPriority? Priority, string? BusinessType, string? NetworkType, string? Industry, string? Notes,
        JsonElement? Metadata, int? LeadScore, LeadScoreSource? LeadScoreSource, string[]? Tags);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.FirstName).ValidName();
            RuleFor(x => x.LastName).ValidName();
            RuleFor(x => x.Email).ValidOptionalEmail();
            RuleFor(x => x.Phone).ValidPhone();
            RuleFor(x => x.Company).MaximumLength(100);
            RuleFor(x => x.JobTitle).MaximumLength(100);
            RuleFor(x => x.LinkedinUrl).ValidUrl(255);
            RuleFor(x => x.AvatarUrl).ValidUrl(500);
            RuleFor(x => x.BusinessType).MaximumLength(50);
            RuleFor(x => x.NetworkType).MaximumLength(50);
            RuleFor(x => x.Industry).MaximumLength(100);
            RuleFor(x => x.Bio).MaximumLength(10_000);
            RuleFor(x => x.Notes).MaximumLength(50_000);
            RuleFor(x => x.LeadScore).LeadScore();
            RuleFor(x => x.LeadScoreSource).Must(s => s != Data.Contacts.LeadScoreSource.Derived).When(x => x.LeadScore is not null)
                .WithMessage(ContactRules.DerivedWithScore);
            RuleFor(x => x.LeadScore).NotNull().When(x => x.LeadScoreSource == Data.Contacts.LeadScoreSource.Manual)
                .WithMessage("A manual lead score needs its value.");
            RuleFor(x => x.Metadata).Metadata();
            RuleFor(x => x.Tags).Tags();
        }
    }

    public static async Task<Created<ContactResponse>> HandleAsync(
        Request request, PlugsDbContext db, ContactTags tags, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var (contact, names) = await AddAsync(db, tags, request, ct);
        await transaction.CommitAsync(ct);
        ETags.Write(http, contact.UpdatedAt);
        return TypedResults.Created($"/api/v1/contacts/{contact.Id}", ContactResponse.From(contact, names));
    }

    /// <summary>
    /// Saves a new contact from a validated request, with its tags and (unless a score was given)
    /// its derived lead score (no interactions yet: its status and priority points). Call inside the caller's transaction: the contact, its tags and
    /// whatever else the caller writes (a walk-in's registration) commit together.
    /// </summary>
    internal static async Task<(Contact Contact, List<string> Tags)> AddAsync(PlugsDbContext db, ContactTags tags, Request request, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A contact is created inside a transaction.");
        }
        var status = request.Status ?? ContactStatus.ColdLead;
        var priority = request.Priority ?? ContactPriority.Medium;
        var contact = new Contact
        {
            FirstName = request.FirstName!.Trim(),
            LastName = request.LastName!.Trim(),
            Email = NormalizeEmail(request.Email),
            Phone = request.Phone,
            Company = request.Company,
            JobTitle = request.JobTitle,
            LinkedinUrl = request.LinkedinUrl,
            Bio = request.Bio,
            AvatarUrl = request.AvatarUrl,
            ContactType = request.ContactType ?? ContactType.Target,
            Status = status,
            Priority = priority,
            BusinessType = request.BusinessType,
            NetworkType = request.NetworkType,
            Industry = request.Industry,
            Notes = request.Notes,
            Metadata = request.Metadata?.GetRawText() ?? "{}",
            LeadScore = request.LeadScore ?? LeadScoring.ForNewContact(status, priority),
            LeadScoreSource = request.LeadScore is null ? LeadScoreSource.Derived : LeadScoreSource.Manual,
        };
        db.Contacts.Add(contact);
        await db.SaveChangesAsync(ct);
        return (contact, await tags.ReplaceAsync(contact.Id, request.Tags ?? [], ct));
    }

    internal static string? NormalizeEmail(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : CommonRules.NormalizeEmail(email);
}
