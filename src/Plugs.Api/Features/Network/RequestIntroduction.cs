using Plugs.Api.Features.Contacts;
using Plugs.Data.Common;
using Plugs.Data.Contacts;
using Plugs.Data.Network;

namespace Plugs.Api.Features.Network;

/// <summary><c>POST /introductions</c>: ask a plug to introduce the organization to a target.</summary>
public static class RequestIntroduction
{
    public sealed record Request(Guid? PlugContactId, Guid? TargetContactId, string? Message);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.PlugContactId).NotEmpty();
            RuleFor(x => x.TargetContactId).NotEmpty();
            RuleFor(x => x.Message).MaximumLength(NetworkScope.MaxTextLength);
        }
    }

    /// <summary>
    /// Starts an introduction in status <c>requested</c>, requested by the caller, now. The plug and
    /// the target must differ (422) and both be live contacts of the organization (404); the plug
    /// must be someone we know, a contact of type <c>plug</c> or <c>contact</c>, not a <c>target</c>
    /// (422 <c>invalid_plug</c>).
    /// </summary>
    public static async Task<Created<IntroductionResponse>> HandleAsync(
        Request request, PlugsDbContext db, CurrentUser current, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var plugId = request.PlugContactId!.Value;
        var targetId = request.TargetContactId!.Value;
        if (plugId == targetId)
        {
            throw ValidationProblemException.For("target_contact_id", "The target must be a different contact from the plug.");
        }
        var types = await db.Contacts.AsNoTracking().Where(c => c.Id == plugId || c.Id == targetId)
            .Select(c => new { c.Id, c.ContactType }).ToListAsync(ct);
        if (types.Count != 2)
        {
            throw ProblemException.NotFound("contact");
        }
        if (types.Single(c => c.Id == plugId).ContactType == ContactType.Target)
        {
            throw ValidationProblemException.For("plug_contact_id",
                "The plug must be a contact we know (contact_type plug or contact), not a target.", "invalid_plug");
        }
        var introduction = new Introduction
        {
            RequestedBy = current.UserId,
            PlugContactId = plugId,
            TargetContactId = targetId,
            Status = IntroductionStatus.Requested,
            Message = request.Message,
            RequestedAt = clock.StoredUtcNow(),
        };
        db.Introductions.Add(introduction);
        await db.SaveChangesAsync(ct);
        ETags.Write(http, introduction.UpdatedAt);
        return TypedResults.Created($"/api/v1/introductions/{introduction.Id}", IntroductionResponse.From(introduction));
    }
}
