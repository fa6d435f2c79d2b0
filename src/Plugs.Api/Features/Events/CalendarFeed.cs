using Microsoft.AspNetCore.Mvc;
using Plugs.Data.Common;
using Plugs.Data.Events;
using Plugs.Data.Tenancy;

namespace Plugs.Api.Features.Events;

/// <summary>
/// A personal calendar subscription: <c>POST /calendar/feed-token</c> issues (or replaces) the
/// caller's secret feed URL, shown once; <c>DELETE</c> revokes it; <c>GET /calendar/feed.ics?token=…</c>
/// needs no bearer header and serves the events of the token owner's organization that they
/// organise (created) or attend (a live registration), with their agendas. The token carries its
/// organization, so the lookup runs under that tenant's row-level security.
/// </summary>
public static class CalendarFeed
{
    /// <summary>Past events older than this are left out of the feed.</summary>
    private static readonly TimeSpan History = TimeSpan.FromDays(180);

    public sealed record FeedTokenResponse(string Url, string Token, DateTime CreatedAt);

    public static void MapCalendarFeed(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/calendar").WithTags("Events");
        group.MapPost("/feed-token", IssueCalendarFeedTokenAsync).RequireAuthorization();
        group.MapDelete("/feed-token", RevokeCalendarFeedTokenAsync).RequireAuthorization();
        group.MapGet("/feed.ics", GetCalendarFeedAsync).AllowAnonymous().Produces(StatusCodes.Status200OK, contentType: "text/calendar").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Created<FeedTokenResponse>> IssueCalendarFeedTokenAsync(
        CurrentUser current, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.StoredUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await RevokeLiveAsync(db, current.UserId, now, ct);
        var (token, hash) = OpaqueToken.Create(current.OrganizationId);
        var feed = new CalendarFeedToken { UserId = current.UserId, TokenHash = hash };
        db.CalendarFeedTokens.Add(feed);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/api/v1/calendar/feed.ics?token={Uri.EscapeDataString(token)}";
        return TypedResults.Created("/api/v1/calendar/feed.ics", new FeedTokenResponse(url, token, feed.CreatedAt));
    }

    private static async Task<NoContent> RevokeCalendarFeedTokenAsync(CurrentUser current, PlugsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await RevokeLiveAsync(db, current.UserId, clock.StoredUtcNow(), ct) == 0)
        {
            throw ProblemException.NotFound("calendar feed");
        }
        return TypedResults.NoContent();
    }

    private static Task<int> RevokeLiveAsync(PlugsDbContext db, Guid userId, DateTime now, CancellationToken ct) =>
        db.CalendarFeedTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteStampedUpdateAsync(db, s => s.SetProperty(t => t.RevokedAt, now), ct);

    private static async Task<FileContentHttpResult> GetCalendarFeedAsync(
        [FromQuery(Name = "token")] string? token, PlugsDbContext db, TenantContext tenant, TimeProvider clock, CancellationToken ct)
    {
        // One answer for every bad token, so the endpoint tells nothing about which part was wrong.
        var unknown = ProblemException.NotFound("calendar feed");
        if (!OpaqueToken.TryParse(token, out var organizationId, out var hash))
        {
            throw unknown;
        }
        tenant.Enter(organizationId);
        var feed = await db.CalendarFeedTokens.FirstOrDefaultAsync(t => t.TokenHash == hash && t.RevokedAt == null, ct) ?? throw unknown;
        if (!await db.Users.AnyAsync(u => u.Id == feed.UserId && u.IsActive, ct))
        {
            throw unknown;
        }
        var now = clock.StoredUtcNow();
        var since = now - History;
        var events = await db.Events.AsNoTracking()
            .Where(e => e.EndDate >= since && (e.CreatedBy == feed.UserId || db.EventAttendees.Any(a => a.EventId == e.Id && a.UserId == feed.UserId
                && (a.Status == AttendeeStatus.Registered || a.Status == AttendeeStatus.Attended || a.Status == AttendeeStatus.Waitlisted || a.Status == AttendeeStatus.Invited))))
            .OrderBy(e => e.StartDate).ThenBy(e => e.Id).Take(500).ToListAsync(ct);
        var ids = events.Select(e => e.Id).ToList();
        var agenda = (await db.EventAgendaItems.AsNoTracking().Where(a => ids.Contains(a.EventId))
            .OrderBy(a => a.StartTime).ThenBy(a => a.SortOrder).ThenBy(a => a.Id).ToListAsync(ct)).ToLookup(a => a.EventId);
        var calendar = EventCalendar.NewCalendar();
        foreach (var e in events)
        {
            EventCalendar.Add(calendar, e, agenda[e.Id]);
        }
        await db.CalendarFeedTokens.Where(t => t.Id == feed.Id).ExecuteDerivedUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        return TypedResults.File(EventCalendar.Serialize(calendar), "text/calendar; charset=utf-8", "the-plugs.ics");
    }
}
