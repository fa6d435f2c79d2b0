using Plugs.Api.Platform.Json;

namespace Plugs.Api.Features.Network;

/// <summary><c>PATCH /introductions/{id}</c>: the message and the outcome. Status moves only through the transition actions.</summary>
public static class UpdateIntroduction
{
    public sealed record Request(PatchValue<string?> Message, PatchValue<string?> Outcome);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Message.Value).MaximumLength(NetworkScope.MaxTextLength);
            RuleFor(x => x.Outcome.Value).MaximumLength(NetworkScope.MaxTextLength);
        }
    }

    public static async Task<Ok<IntroductionResponse>> HandleAsync(
        Guid id, Request request, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var introduction = await db.Introductions.Visible(db).FirstOrDefaultAsync(i => i.Id == id, ct)
            ?? throw ProblemException.NotFound("introduction");
        ETags.CheckIfMatch(http, introduction.UpdatedAt);
        introduction.Message = request.Message.Or(introduction.Message);
        introduction.Outcome = request.Outcome.Or(introduction.Outcome);
        await db.SaveChangesAsync(ct);
        ETags.Write(http, introduction.UpdatedAt);
        return TypedResults.Ok(IntroductionResponse.From(introduction));
    }
}
