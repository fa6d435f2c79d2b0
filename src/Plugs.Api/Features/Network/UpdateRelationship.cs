using Plugs.Api.Platform.Json;
using Plugs.Data.Network;

namespace Plugs.Api.Features.Network;

/// <summary><c>PATCH /relationships/{id}</c>: type, strength and notes; the two ends never move (delete and re-create instead).</summary>
public static class UpdateRelationship
{
    public sealed record Request(PatchValue<RelationshipType?> RelationshipType, PatchValue<int?> Strength, PatchValue<string?> Notes);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.RelationshipType.Value).NotNull().When(x => x.RelationshipType.IsSet);
            RuleFor(x => x.Strength.Value).NotNull().Strength().When(x => x.Strength.IsSet);
            RuleFor(x => x.Notes.Value).MaximumLength(NetworkScope.MaxTextLength);
        }
    }

    public static async Task<Ok<RelationshipResponse>> HandleAsync(
        Guid id, Request request, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var relationship = await db.ContactRelationships.Visible(db).FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw ProblemException.NotFound("relationship");
        ETags.CheckIfMatch(http, relationship.UpdatedAt);
        relationship.RelationshipType = request.RelationshipType.Or(relationship.RelationshipType) ?? relationship.RelationshipType;
        relationship.Strength = request.Strength.Or(relationship.Strength) ?? relationship.Strength;
        relationship.Notes = request.Notes.Or(relationship.Notes);
        await NetworkScope.SaveRelationshipAsync(db, ct);
        ETags.Write(http, relationship.UpdatedAt);
        return TypedResults.Ok(RelationshipResponse.From(relationship));
    }
}
