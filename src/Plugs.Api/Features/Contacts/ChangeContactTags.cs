using Plugs.Api.Platform.Database;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts;

/// <summary>
/// <c>PATCH /contacts/{id}/tags {"add": [...], "remove": [...]}</c>: changes some of a contact's tags
/// without resending the others. Names ignore case (removing <c>VIP</c> takes off <c>vip</c>); a name
/// the organization does not have yet is created, also when parallel requests name it at once.
/// Adding a tag the contact has, or removing one it has not, changes nothing. Honours If-Match.
/// </summary>
public static class ChangeContactTags
{
    public sealed record Request(string[]? Add, string[]? Remove);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Add).Tags()
                .Must((r, add) => (add?.Length ?? 0) + (r.Remove?.Length ?? 0) > 0).WithMessage("Name at least one tag to add or remove.");
            RuleFor(x => x.Remove).Tags()
                .Must((r, remove) => remove is null || r.Add is null || !remove.Select(Key).Intersect(r.Add.Select(Key), StringComparer.Ordinal).Any())
                .WithMessage("A tag cannot be both added and removed.");
        }

        private static string Key(string? name) => TextFolding.Case(name?.Trim() ?? "");
    }

    public static async Task<Ok<ContactResponse>> HandleAsync(
        Guid id, Request request, PlugsDbContext db, ContactTags tags, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Under the contact's lock, changes to its tags run one at a time: each sees the links the
        // one before it made, the count below is exact, and If-Match is checked against the last write.
        await db.LockAsync<Contact>([id], ct);
        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw ProblemException.NotFound("contact");
        ETags.CheckIfMatch(http, contact.UpdatedAt);
        if (await tags.ChangeAsync(id, request.Add ?? [], request.Remove ?? [], ct))
        {
            // Tags are part of the contact: changing them moves updated_at and so the ETag.
            db.Entry(contact).Property(x => x.UpdatedAt).IsModified = true;
            await db.SaveChangesAsync(ct);
        }
        var count = await db.ContactTags.CountAsync(x => x.ContactId == id, ct);
        if (count > ContactRules.MaxTags)
        {
            throw ValidationProblemException.For("add", $"A contact carries at most {ContactRules.MaxTags} tags; this would make {count}.");
        }
        var answer = await ContactEndpoints.DetailAsync(db, id, ct); // the GET shape, as every contact write answers
        await transaction.CommitAsync(ct);
        ETags.Write(http, contact.UpdatedAt);
        return TypedResults.Ok(answer);
    }
}
