using Microsoft.AspNetCore.Mvc;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Interactions;

/// <summary>
/// <c>GET /follow-ups</c>: scheduled interactions due in a window (default: overdue and the next
/// 7 days), the caller's own unless <c>scope=all</c>, soonest first.
/// </summary>
public static class FollowUps
{
    public static async Task<Ok<List<InteractionResponse>>> ListFollowUpsAsync(
        [AsParameters] PageQuery page, [FromQuery(Name = "due_before")] DateTimeOffset? dueBefore,
        [FromQuery(Name = "due_after")] DateTimeOffset? dueAfter, [FromQuery(Name = "scope")] string? scope,
        CurrentUser current, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        // Without an end, the window is the coming week (and everything overdue).
        var due = DateWindow.Of(dueAfter, dueBefore ?? (dueAfter is null ? clock.GetUtcNow().AddDays(7) : null), "due");
        var query = db.ContactInteractions.AsNoTracking().Where(i => i.Status == InteractionStatus.Scheduled);
        if (due.After is { } after)
        {
            query = query.Where(i => i.InteractionDate >= after);
        }
        if (due.Before is { } before)
        {
            query = query.Where(i => i.InteractionDate < before);
        }
        query = scope switch
        {
            null or "" or "mine" => query.Where(i => i.UserId == current.UserId),
            "all" => query,
            _ => throw ValidationProblemException.For("scope", "Must be mine or all."),
        };
        // Interactions of deleted contacts are not follow-ups any more.
        query = query.Where(i => db.Contacts.Any(c => c.Id == i.ContactId));
        var rows = await page.ToPageAsync(query.OrderBy(i => i.InteractionDate).ThenBy(i => i.Id).Select(InteractionResponse.Projection), http, ct);
        return TypedResults.Ok(rows);
    }
}
