using Plugs.Data.Common;
using Plugs.Data.Network;

namespace Plugs.Api.Features.Network;

/// <summary>
/// An introduction's life: requested → accepted | declined; accepted → made | declined;
/// made → completed. Each step is a POST action that stamps its time (<c>responded_at</c> for
/// accept and decline, <c>made_at</c>, <c>completed_at</c>); any other step is 409
/// <c>invalid_transition</c> (<see cref="Transitions"/>).
/// </summary>
public static class IntroductionTransitions
{
    private sealed record Transition(string Verb, IntroductionStatus To, IntroductionStatus[] From);

    private static readonly Transition Accept = new("accept", IntroductionStatus.Accepted, [IntroductionStatus.Requested]);
    private static readonly Transition Decline = new("decline", IntroductionStatus.Declined, [IntroductionStatus.Requested, IntroductionStatus.Accepted]);
    private static readonly Transition Make = new("make", IntroductionStatus.Made, [IntroductionStatus.Accepted]);
    private static readonly Transition Complete = new("complete", IntroductionStatus.Completed, [IntroductionStatus.Made]);

    public static void MapIntroductionTransitions(this RouteGroupBuilder introductions)
    {
        introductions.MapPost("/{id:guid}/accept", AcceptIntroductionAsync).HonoursIfMatch();
        introductions.MapPost("/{id:guid}/decline", DeclineIntroductionAsync).HonoursIfMatch();
        introductions.MapPost("/{id:guid}/make", MakeIntroductionAsync).HonoursIfMatch();
        introductions.MapPost("/{id:guid}/complete", CompleteIntroductionAsync).HonoursIfMatch();
    }

    /// <summary>The plug agreed to make the introduction (from <c>requested</c>).</summary>
    private static Task<Ok<IntroductionResponse>> AcceptIntroductionAsync(Guid id, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ApplyAsync(Accept, id, db, clock, http, ct);

    /// <summary>The plug said no (from <c>requested</c> or <c>accepted</c>).</summary>
    private static Task<Ok<IntroductionResponse>> DeclineIntroductionAsync(Guid id, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ApplyAsync(Decline, id, db, clock, http, ct);

    /// <summary>The plug made the introduction (from <c>accepted</c>).</summary>
    private static Task<Ok<IntroductionResponse>> MakeIntroductionAsync(Guid id, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ApplyAsync(Make, id, db, clock, http, ct);

    /// <summary>The introduction ran its course (from <c>made</c>); record how it went with PATCH <c>outcome</c>.</summary>
    private static Task<Ok<IntroductionResponse>> CompleteIntroductionAsync(Guid id, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ApplyAsync(Complete, id, db, clock, http, ct);

    private static async Task<Ok<IntroductionResponse>> ApplyAsync(
        Transition transition, Guid id, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var before = await IntroductionList.FindAsync(db, id, ct);
        ETags.CheckIfMatch(http, before.UpdatedAt);
        if (!transition.From.Contains(before.Status))
        {
            throw InvalidTransition(transition, before.Status);
        }
        var now = clock.StoredUtcNow();
        // Conditional on the status just read: of two racing transitions only one applies, and the
        // other gets the 409 below instead of silently overwriting it. With If-Match, conditional on
        // the version just read as well, so the precondition holds at the moment of the write.
        var ifMatch = ETags.NamesAVersion(http.Request);
        var changed = await db.Introductions
            .Where(i => i.Id == id && i.Status == before.Status && (!ifMatch || i.UpdatedAt == before.UpdatedAt))
            .ExecuteStampedUpdateAsync(db, set =>
        {
            set.SetProperty(i => i.Status, transition.To);
            switch (transition.To)
            {
                case IntroductionStatus.Accepted or IntroductionStatus.Declined:
                    set.SetProperty(i => i.RespondedAt, now);
                    break;
                case IntroductionStatus.Made:
                    set.SetProperty(i => i.MadeAt, now);
                    break;
                case IntroductionStatus.Completed:
                    set.SetProperty(i => i.CompletedAt, now);
                    break;
            }
        }, ct);
        var after = await IntroductionList.FindAsync(db, id, ct);
        if (changed == 0)
        {
            throw ifMatch && after.Status == before.Status
                ? ETags.Stale()
                : InvalidTransition(transition, after.Status);
        }
        ETags.Write(http, after.UpdatedAt);
        return TypedResults.Ok(after);
    }

    private static readonly Transition[] All = [Accept, Decline, Make, Complete];

    private static ProblemException InvalidTransition(Transition transition, IntroductionStatus current) => Transitions.Refused(
        $"Cannot {transition.Verb} an introduction whose status is {EnumNames.Of(current)}; only one that is {string.Join(" or ", transition.From.Select(EnumNames.Of))} can be.",
        current, transition.To, Transitions.From(All.Select(t => (t.To, (IReadOnlyCollection<IntroductionStatus>)t.From)), current));
}
