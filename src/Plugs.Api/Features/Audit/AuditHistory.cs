using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Plugs.Api.Features.Network;
using Plugs.Api.Platform.Auth;
using Plugs.Data.Audit;
using Plugs.Data.Contacts;
using Plugs.Data.Events;
using Plugs.Data.Network;
using Plugs.Data.Users;
using static Plugs.Api.Features.Audit.AuditLogEndpoints;

namespace Plugs.Api.Features.Audit;

/// <summary>
/// <c>GET /{resource}/{id}/history</c>: the audit rows of one row, for anyone who may read it — the
/// resource's own read query decides, so another tenant's id or a missing (or deleted) one is a 404
/// like its <c>GET</c>. Members see who changed what, not from where (address and user agent are
/// for admins, in <c>/audit-logs</c>).
/// </summary>
public static class AuditHistory
{
    private sealed record Resource(string Route, string Name, Type Entity, Func<PlugsDbContext, Guid, Guid, CancellationToken, Task<bool>> Exists);

    private static readonly Resource[] Resources =
    [
        new("/contacts/{id:guid}/history", "contact", typeof(Contact), (db, id, _, ct) => db.Contacts.AnyAsync(c => c.Id == id, ct)),
        new("/interactions/{id:guid}/history", "interaction", typeof(ContactInteraction), (db, id, _, ct) => db.ContactInteractions.AnyAsync(i => i.Id == id, ct)),
        new("/events/{id:guid}/history", "event", typeof(Event), (db, id, _, ct) => db.Events.AnyAsync(e => e.Id == id, ct)),
        new("/events/{eventId:guid}/attendees/{id:guid}/history", "attendee", typeof(EventAttendee),
            (db, id, eventId, ct) => db.EventAttendees.AnyAsync(a => a.Id == id && a.EventId == eventId && db.Events.Any(e => e.Id == eventId), ct)),
        new("/users/{id:guid}/history", "user", typeof(User), (db, id, _, ct) => db.Users.AnyAsync(u => u.Id == id, ct)),
        new("/tags/{id:guid}/history", "tag", typeof(Tag), (db, id, _, ct) => db.Tags.AnyAsync(t => t.Id == id, ct)),
        new("/relationships/{id:guid}/history", "relationship", typeof(ContactRelationship),
            (db, id, _, ct) => db.ContactRelationships.Visible(db).AnyAsync(r => r.Id == id, ct)),
        new("/introductions/{id:guid}/history", "introduction", typeof(Introduction),
            (db, id, _, ct) => db.Introductions.Visible(db).AnyAsync(i => i.Id == id, ct)),
    ];

    internal static void Map(IEndpointRouteBuilder api)
    {
        foreach (var resource in Resources)
        {
            var endpoint = resource.Route.Contains("{eventId", StringComparison.Ordinal)
                ? api.MapGet(resource.Route, (Guid eventId, Guid id, [AsParameters] PageQuery page, [FromQuery(Name = "sort")] SortBy<AuditLogSort>? sort,
                    PlugsDbContext db, CurrentUser user, HttpContext http, CancellationToken ct) => ReadAsync(resource, eventId, id, page, sort, db, user, http, ct))
                : api.MapGet(resource.Route, (Guid id, [AsParameters] PageQuery page, [FromQuery(Name = "sort")] SortBy<AuditLogSort>? sort,
                    PlugsDbContext db, CurrentUser user, HttpContext http, CancellationToken ct) => ReadAsync(resource, Guid.Empty, id, page, sort, db, user, http, ct));
            endpoint.WithName($"get_{resource.Name}_history").WithTags("Audit log").RequireAuthorization();
        }
    }

    private static async Task<Ok<List<AuditLogResponse>>> ReadAsync(Resource resource, Guid parentId, Guid id, PageQuery page, SortBy<AuditLogSort>? sort,
        PlugsDbContext db, CurrentUser user, HttpContext http, CancellationToken ct)
    {
        if (!await resource.Exists(db, id, parentId, ct))
        {
            throw ProblemException.NotFound(resource.Name);
        }
        var table = db.Model.FindEntityType(resource.Entity)!.GetTableName();
        var rows = db.AuditLogs.AsNoTracking().Where(a => a.EntityType == table && a.EntityId == id)
            .ApplySort(sort, "-created_at", a => a.Id).Select(Row.Projection);
        var page1 = await page.ToPageAsync(rows, http, ct);
        return TypedResults.Ok(page1.ConvertAll(r => user.IsAdmin ? r.ToResponse() : r.ToResponse() with { IpAddress = null, UserAgent = null }));
    }
}
