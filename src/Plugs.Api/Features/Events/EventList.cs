using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>Budget is deliberately absent: SQLite stores decimals as text and cannot order them.</summary>
public sealed class EventSort : ISortFields<Event>
{
    public static IReadOnlyDictionary<string, Expression<Func<Event, object?>>> Fields { get; } = new Dictionary<string, Expression<Func<Event, object?>>>
    {
        ["start_date"] = e => e.StartDate,
        ["end_date"] = e => e.EndDate,
        ["created_at"] = e => e.CreatedAt,
        ["updated_at"] = e => e.UpdatedAt,
        ["title"] = e => e.Title,
        ["current_attendees"] = e => e.CurrentAttendees,
    };
}

/// <summary>
/// The list's filters: <c>event_type</c>, <c>status</c>; date windows <c>start_date_after</c>,
/// <c>start_date_before</c>, <c>end_date_after</c>, <c>end_date_before</c> (<see cref="DateWindow"/>:
/// the events that overlap [A, B) are <c>end_date_after=A&amp;start_date_before=B</c>); <c>upcoming=true</c> keeps events that have not started and are not
/// cancelled or completed (<c>false</c>: those that have started); <c>q</c> searches title,
/// description, location and venue.
/// </summary>
public sealed record EventFilter(
    [FromQuery(Name = "event_type")] QueryChoice<EventType>? EventType,
    [FromQuery(Name = "status")] QueryChoice<EventStatus>? Status,
    [FromQuery(Name = "start_date_after")] DateTimeOffset? StartDateAfter,
    [FromQuery(Name = "start_date_before")] DateTimeOffset? StartDateBefore,
    [FromQuery(Name = "end_date_after")] DateTimeOffset? EndDateAfter,
    [FromQuery(Name = "end_date_before")] DateTimeOffset? EndDateBefore,
    [FromQuery(Name = "upcoming")] bool? Upcoming,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "sort")] SortBy<EventSort>? Sort)
{
    public IQueryable<Event> Apply(IQueryable<Event> query, DateTime now)
    {
        if (QueryValues.Enum<EventType>(EventType, "event_type") is { } type)
        {
            query = query.Where(e => e.EventType == type);
        }
        if (QueryValues.Enum<EventStatus>(Status, "status") is { } status)
        {
            query = query.Where(e => e.Status == status);
        }
        var start = DateWindow.Of(StartDateAfter, StartDateBefore, "start_date");
        var end = DateWindow.Of(EndDateAfter, EndDateBefore, "end_date");
        if (start.After is { } startAfter)
        {
            query = query.Where(e => e.StartDate >= startAfter);
        }
        if (start.Before is { } startBefore)
        {
            query = query.Where(e => e.StartDate < startBefore);
        }
        if (end.After is { } endAfter)
        {
            query = query.Where(e => e.EndDate >= endAfter);
        }
        if (end.Before is { } endBefore)
        {
            query = query.Where(e => e.EndDate < endBefore);
        }
        query = Upcoming switch
        {
            true => query.Where(e => e.StartDate > now && e.Status != EventStatus.Cancelled && e.Status != EventStatus.Completed),
            false => query.Where(e => e.StartDate <= now),
            null => query,
        };
        if (!string.IsNullOrWhiteSpace(Q))
        {
            if (Q.Length > 200)
            {
                throw ValidationProblemException.For("q", "At most 200 characters.");
            }
            var pattern = LikePattern.Contains(Q);
            query = query.Where(e =>
                EF.Functions.Like(e.Title.ToLower(), pattern, LikePattern.Escape)
                || EF.Functions.Like((e.Description ?? "").ToLower(), pattern, LikePattern.Escape)
                || EF.Functions.Like((e.Location ?? "").ToLower(), pattern, LikePattern.Escape)
                || EF.Functions.Like((e.Venue ?? "").ToLower(), pattern, LikePattern.Escape));
        }
        return query;
    }
}
