using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>
/// <c>draft → published → ongoing → completed</c>, and <c>cancelled</c> from any open state; each
/// move is its own endpoint. Anything else is a 409 <c>invalid_transition</c> (<see cref="Transitions"/>).
/// </summary>
public static class EventLifecycle
{
    private static readonly Dictionary<string, (EventStatus To, EventStatus[] From)> Moves = new()
    {
        ["publish"] = (EventStatus.Published, [EventStatus.Draft]),
        ["start"] = (EventStatus.Ongoing, [EventStatus.Published]),
        ["complete"] = (EventStatus.Completed, [EventStatus.Ongoing]),
        ["cancel"] = (EventStatus.Cancelled, [EventStatus.Draft, EventStatus.Published, EventStatus.Ongoing]),
    };

    public static void MapLifecycle(this RouteGroupBuilder events)
    {
        foreach (var (action, move) in Moves)
        {
            events.MapPost($"/{{id:guid}}/{action}", (Guid id, PlugsDbContext db, HttpContext http, CancellationToken ct) =>
                MoveAsync(id, move.To, move.From, db, http, ct)).WithName($"{action}_event").HonoursIfMatch();
        }
    }

    private static async Task<Ok<EventResponse>> MoveAsync(
        Guid id, EventStatus to, EventStatus[] from, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var e = await db.LockEventAsync(id, ct);
        ETags.CheckIfMatch(http, e.UpdatedAt);
        if (!from.Contains(e.Status))
        {
            var reason = e.Status == to
                ? $"The event is already {Name(to)}."
                : $"An event that is {Name(e.Status)} cannot become {Name(to)}; only from {string.Join(" or ", from.Select(Name))}.";
            throw Transitions.Refused(reason, e.Status, to, Transitions.From(Moves.Values.Select(m => (m.To, (IReadOnlyCollection<EventStatus>)m.From)), e.Status));
        }
        e.Status = to;
        await db.SaveChangesAsync(ct);
        var response = await EventEndpoints.DetailAsync(db, e, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(response);
    }

    private static string Name(EventStatus status) => Data.Common.EnumNames.Of(status);
}
