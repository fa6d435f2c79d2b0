using Plugs.Data.Common;

namespace Plugs.Api.Features.Network;

/// <summary>The warm-introduction graph: relationships between contacts, introductions asked of plugs, and the paths between them.</summary>
public static class NetworkEndpoints
{
    public static void MapNetwork(this IEndpointRouteBuilder api)
    {
        var ofContact = api.MapGroup("/contacts/{contactId:guid}").RequireAuthorization();
        ofContact.MapGet("/relationships", ContactRelationshipList.ListContactRelationshipsAsync).WithTags("Relationships");
        ofContact.MapPost("/relationships", CreateRelationship.HandleAsync).WithTags("Relationships")
            .Validates<CreateRelationship.Request>().WithIdempotency();
        ofContact.MapGet("/intro-paths", IntroPaths.HandleAsync).WithName("ListIntroPaths").WithTags("Introductions");

        var relationships = api.MapGroup("/relationships").WithTags("Relationships").RequireAuthorization();
        relationships.MapGet("/{id:guid}", GetRelationshipAsync);
        relationships.MapPatch("/{id:guid}", UpdateRelationship.HandleAsync).HonoursIfMatch().Validates<UpdateRelationship.Request>();
        relationships.MapDelete("/{id:guid}", DeleteRelationshipAsync).HonoursIfMatch();
        relationships.MapPost("/{id:guid}/restore", RestoreRelationshipAsync);

        var introductions = api.MapGroup("/introductions").WithTags("Introductions").RequireAuthorization();
        introductions.MapGet("/", IntroductionList.ListIntroductionsAsync);
        introductions.MapPost("/", RequestIntroduction.HandleAsync).Validates<RequestIntroduction.Request>().WithIdempotency();
        introductions.MapGet("/{id:guid}", IntroductionList.GetIntroductionAsync);
        introductions.MapPatch("/{id:guid}", UpdateIntroduction.HandleAsync).HonoursIfMatch().Validates<UpdateIntroduction.Request>();
        introductions.MapIntroductionTransitions();
    }

    private static async Task<Ok<RelationshipResponse>> GetRelationshipAsync(Guid id, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var relationship = await db.ContactRelationships.AsNoTracking().Visible(db).Where(r => r.Id == id)
            .Select(RelationshipResponse.Projection).FirstOrDefaultAsync(ct) ?? throw ProblemException.NotFound("relationship");
        ETags.Write(http, relationship.UpdatedAt);
        return TypedResults.Ok(relationship);
    }

    /// <summary>Soft delete: the edge leaves every list and intro path at once.</summary>
    private static async Task<NoContent> DeleteRelationshipAsync(Guid id, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var relationship = await db.ContactRelationships.Visible(db).FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw ProblemException.NotFound("relationship");
        ETags.CheckIfMatch(http, relationship.UpdatedAt);
        db.ContactRelationships.Remove(relationship);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>Undoes a delete while both contacts are live; 409 <c>duplicate_relationship</c> when the same edge was made again meanwhile.</summary>
    private static async Task<Ok<RelationshipResponse>> RestoreRelationshipAsync(Guid id, PlugsDbContext db, CancellationToken ct)
    {
        // Ignoring the soft-delete filter ignores it for the contacts Visible reads too: say it again for them.
        var relationship = await db.ContactRelationships.IgnoreQueryFilters([ModelConventions.SoftDeleteFilterName])
            .Where(r => r.Id == id && r.IsDeleted
                && db.Contacts.Any(c => c.Id == r.FromContactId && !c.IsDeleted) && db.Contacts.Any(c => c.Id == r.ToContactId && !c.IsDeleted))
            .FirstOrDefaultAsync(ct) ?? throw ProblemException.NotFound("deleted relationship");
        relationship.IsDeleted = false;
        relationship.DeletedAt = null;
        await NetworkScope.SaveRelationshipAsync(db, ct);
        return TypedResults.Ok(await db.ContactRelationships.AsNoTracking().Where(r => r.Id == id).Select(RelationshipResponse.Projection).FirstAsync(ct));
    }
}
