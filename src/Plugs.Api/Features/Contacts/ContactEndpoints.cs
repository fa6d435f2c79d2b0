using Plugs.Api.Features.Interactions;
using Plugs.Api.Platform.Database;
using Plugs.Data.Common;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts;

public static class ContactEndpoints
{
    public static void MapContacts(this IEndpointRouteBuilder api)
    {
        var contacts = api.MapGroup("/contacts").WithTags("Contacts").RequireAuthorization();
        contacts.MapGet("/", ListAsync);
        contacts.MapPost("/", CreateContact.HandleAsync).Validates<CreateContact.Request>().WithIdempotency();
        contacts.MapGet("/{id:guid}", GetAsync);
        contacts.MapPatch("/{id:guid}", UpdateContact.HandleAsync).HonoursIfMatch().Validates<UpdateContact.Request>();
        contacts.MapDelete("/{id:guid}", DeleteAsync).HonoursIfMatch();
        contacts.MapPost("/{id:guid}/restore", RestoreAsync);
        contacts.MapPost("/{id:guid}/score", LeadScoring.ScoreContactAsync);
        contacts.MapPost("/score", LeadScoring.ScoreContactsAsync);
        contacts.MapGet("/duplicates", Duplicates.ListContactDuplicatesAsync);
        contacts.MapPost("/import", Transfer.ImportContacts.HandleAsync).DisableAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(Transfer.ImportContacts.MaxFileBytes + 64 * 1024));
        contacts.MapGet("/export", Transfer.ExportContacts.HandleAsync);
        contacts.MapPost("/{id:guid}/merge", MergeContacts.HandleAsync).Validates<MergeContacts.Request>();
        contacts.MapPatch("/{id:guid}/tags", ChangeContactTags.HandleAsync).HonoursIfMatch().Validates<ChangeContactTags.Request>();
    }

    /// <summary>
    /// Lists contacts: filters <c>contact_type</c>, <c>status</c>, <c>priority</c>, <c>industry</c>,
    /// <c>business_type</c>, <c>network_type</c>, <c>tag</c>, <c>created_by</c>, <c>min_lead_score</c>/<c>max_lead_score</c>,
    /// <c>last_interaction_after</c>/<c>_before</c>; <c>q</c> searches name, e-mail, company, job title and notes.
    /// </summary>
    private static async Task<Ok<List<ContactResponse>>> ListAsync(
        [AsParameters] PageQuery page, [AsParameters] ContactFilter filter, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var sort = SortQuery.Keys<Contact, ContactSort>(filter.Sort, "-created_at");
        var resolved = await filter.ResolveAsync(db, ct);
        var matching = ContactFilter.Apply(db, db.Contacts.AsNoTracking(), resolved);
        var rows = matching.OrderByKeys(sort, ContactSort.Fields, c => c.Id).Select(ContactResponse.Projection(db));
        return TypedResults.Ok(await page.ToPageAsync(matching, rows, http, ct));
    }

    private static async Task<Ok<ContactResponse>> GetAsync(Guid id, PlugsDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await DetailAsync(db, id, ct));

    /// <summary>
    /// The contact as every single-contact answer shows it (GET, PATCH, restore, score): with its
    /// interaction history (newest first) and its relationships (strongest first; up to 200 each).
    /// Three EF queries, sent to PostgreSQL in one batch (<see cref="QueryBatch"/>), so a GET costs
    /// two round trips with the tenant's.
    /// </summary>
    internal static async Task<ContactResponse> DetailAsync(PlugsDbContext db, Guid id, CancellationToken ct)
    {
        var contactQuery = db.Contacts.AsNoTracking().Where(c => c.Id == id).Select(ContactResponse.Projection(db)).Take(1);
        var interactionsQuery = db.ContactInteractions.AsNoTracking()
            .Where(i => i.ContactId == id)
            .OrderByDescending(i => i.InteractionDate).ThenByDescending(i => i.Id)
            .Take(200)
            .Select(InteractionResponse.Projection);
        var relationshipsQuery = Network.ContactRelationshipList
            .WithOtherContact(db, db.ContactRelationships.AsNoTracking().Where(r => r.FromContactId == id || r.ToContactId == id), id, null)
            .Take(200);
        await db.PrefetchAsync([contactQuery, interactionsQuery, relationshipsQuery], ct);
        var contact = (await contactQuery.ToListAsync(ct)).FirstOrDefault() ?? throw ProblemException.NotFound("contact");
        var interactions = await interactionsQuery.ToListAsync(ct);
        var relationships = await relationshipsQuery.ToListAsync(ct);
        return contact with { Interactions = interactions, Relationships = relationships };
    }

    private static async Task<NoContent> DeleteAsync(Guid id, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Under the contact's lock, If-Match is checked against what a concurrent merge left.
        await db.LockAsync<Contact>([id], ct);
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw ProblemException.NotFound("contact");
        ETags.CheckIfMatch(http, contact.UpdatedAt);
        db.Contacts.Remove(contact);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ContactResponse>> RestoreAsync(Guid id, PlugsDbContext db, CancellationToken ct)
    {
        var contact = await db.Contacts.IgnoreQueryFilters([ModelConventions.SoftDeleteFilterName])
            .FirstOrDefaultAsync(c => c.Id == id && c.IsDeleted, ct) ?? throw ProblemException.NotFound("deleted contact");
        contact.IsDeleted = false;
        contact.DeletedAt = null;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await DetailAsync(db, id, ct));
    }
}
