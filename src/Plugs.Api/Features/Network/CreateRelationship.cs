using Plugs.Api.Features.Contacts;
using Plugs.Data.Network;

namespace Plugs.Api.Features.Network;

/// <summary><c>POST /contacts/{id}/relationships</c>: "this contact knows that one", with a type and a strength 1–5.</summary>
public static class CreateRelationship
{
    public sealed record Request(Guid? ToContactId, RelationshipType? RelationshipType, int? Strength, string? Notes);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.ToContactId).NotEmpty();
            RuleFor(x => x.Strength).Strength();
            RuleFor(x => x.Notes).MaximumLength(NetworkScope.MaxTextLength);
        }
    }

    /// <summary>
    /// Creates the edge from <paramref name="contactId"/> to <c>to_contact_id</c> (type defaults to
    /// <c>knows</c>, strength to 3). A contact cannot relate to itself (422); either end missing or
    /// another organization's is 404; the same (from, to, type) twice is 409 <c>duplicate_relationship</c>.
    /// </summary>
    public static async Task<Created<RelationshipResponse>> HandleAsync(
        Guid contactId, Request request, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var toContactId = request.ToContactId!.Value;
        if (toContactId == contactId)
        {
            throw ValidationProblemException.For("to_contact_id", "A contact cannot have a relationship with itself.");
        }
        await db.EnsureContactsExistAsync([contactId, toContactId], ct);
        var relationship = new ContactRelationship
        {
            FromContactId = contactId,
            ToContactId = toContactId,
            RelationshipType = request.RelationshipType ?? RelationshipType.Knows,
            Strength = request.Strength ?? 3,
            Notes = request.Notes,
        };
        db.ContactRelationships.Add(relationship);
        await NetworkScope.SaveRelationshipAsync(db, ct);
        ETags.Write(http, relationship.UpdatedAt);
        return TypedResults.Created($"/api/v1/relationships/{relationship.Id}", RelationshipResponse.From(relationship));
    }
}
