using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Plugs.Data.Events;

namespace Plugs.Api.Features.Events;

/// <summary>
/// The list's filters: <c>event_type</c>, <c>status</c>; <c>from</c>/<c>to</c> keep the events that
/// overlap that window; <c>upcoming=true</c> keeps events that have not started and are not
/// cancelled or completed (<c>false</c>: those that have started); <c>q</c> searches title,
/// description, location and venue.
/// </summary>
public sealed record EventFilter(
    [FromQuery(Name = "event_type")] QueryChoice<EventType>? EventType,
    [FromQuery(Name = "status")] QueryChoice<EventStatus>? Status,
    [FromQuery(Name = "from")] DateTimeOffset? From,
    [FromQuery(Name = "to")] DateTimeOffset? To,
    [FromQuery(Name = "upcoming")] bool? Upcoming,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "sort")] string? Sort)
{
    /// <summary>Budget is deliberately absent: SQLite stores decimals as text and cannot order them.</summary>
    public static readonly Dictionary<string, Expression<Func<Event, object?>>> SortFields = new()
    {
        ["start_date"] = e => e.StartDate,
        ["end_date"] = e => e.EndDate,
        ["created_at"] = e => e.CreatedAt,
        ["updated_at"] = e => e.UpdatedAt,
        ["title"] = e => e.Title,
        ["current_attendees"] = e => e.CurrentAttendees,
    };

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
        if (From is { } from && To is { } to && to <= from)
        {
            throw ValidationProblemException.For("to", "Must be after from.");
        }
        if (From is { } after)
        {
            var utc = after.UtcDateTime;
            query = query.Where(e => e.EndDate > utc);
        }
        if (To is { } before)
        {
            var utc = before.UtcDateTime;
            query = query.Where(e => e.StartDate < utc);
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
