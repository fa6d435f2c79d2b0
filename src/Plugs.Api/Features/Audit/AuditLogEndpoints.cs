using System.Linq.Expressions;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Plugs.Api.Platform.Auth;
using Plugs.Data.Audit;

namespace Plugs.Api.Features.Audit;

/// <summary>
/// The organization's audit log, for its admins: every audited change and action (<see cref="AuditTrail"/>),
/// newest first, filtered by entity, user, action and a <c>created_*</c> window. A resource's own history is
/// <see cref="AuditHistory"/>, open to whoever may read the resource.
/// </summary>
public static class AuditLogEndpoints
{
    public sealed record AuditLogResponse(
        Guid Id, Guid? UserId, string Action, string? EntityType, Guid? EntityId, JsonElement? OldValues, JsonElement? NewValues,
        int? AffectedCount, string? Description, string? IpAddress, string? UserAgent, string? RequestId, DateTime CreatedAt);

    /// <summary>The row as stored; the JSON columns parsed so they read as objects, not strings.</summary>
    internal sealed record Row(
        Guid Id, Guid? UserId, string Action, string? EntityType, Guid? EntityId, string? OldValues, string? NewValues,
        int? AffectedCount, string? Description, string? IpAddress, string? UserAgent, string? RequestId, DateTime CreatedAt)
    {
        public static readonly Expression<Func<AuditLog, Row>> Projection = a => new Row(
            a.Id, a.UserId, a.Action, a.EntityType, a.EntityId, a.OldValues, a.NewValues, a.AffectedCount, a.Description,
            a.IpAddress, a.UserAgent, a.RequestId, a.CreatedAt);

        public AuditLogResponse ToResponse() => new(
            Id, UserId, Action, EntityType, EntityId, Parse(OldValues), Parse(NewValues), AffectedCount, Description,
            IpAddress, UserAgent, RequestId, CreatedAt);

        private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
    }

    public sealed class AuditLogSort : ISortFields<AuditLog>
    {
        public static IReadOnlyDictionary<string, Expression<Func<AuditLog, object?>>> Fields { get; } = new Dictionary<string, Expression<Func<AuditLog, object?>>>
        {
            ["created_at"] = a => a.CreatedAt,
            ["action"] = a => a.Action,
            ["entity_type"] = a => a.EntityType,
        };
    }

    public static void MapAuditLogs(this IEndpointRouteBuilder api)
    {
        api.MapGet("/audit-logs", ListAsync).WithTags("Audit log").RequireAuthorization(AuthPolicies.Admin);
        AuditHistory.Map(api);
    }

    /// <summary>Filters <c>entity_type</c>, <c>entity_id</c>, <c>user_id</c>, <c>action</c>, <c>created_after</c>/<c>created_before</c>; <c>sort</c> (default <c>-created_at</c>); paging.</summary>
    private static async Task<Ok<List<AuditLogResponse>>> ListAsync(
        [AsParameters] PageQuery page, [FromQuery(Name = "entity_type")] string? entityType, [FromQuery(Name = "entity_id")] Guid? entityId,
        [FromQuery(Name = "user_id")] Guid? userId, [FromQuery(Name = "action")] QueryChoice<AuditAction>? action,
        [FromQuery(Name = "created_after")] DateTimeOffset? createdAfter, [FromQuery(Name = "created_before")] DateTimeOffset? createdBefore,
        [FromQuery(Name = "sort")] SortBy<AuditLogSort>? sort, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var query = db.AuditLogs.AsNoTracking();
        if (!string.IsNullOrEmpty(entityType))
        {
            query = query.Where(a => a.EntityType == entityType);
        }
        if (entityId is { } entity)
        {
            query = query.Where(a => a.EntityId == entity);
        }
        if (userId is { } user)
        {
            query = query.Where(a => a.UserId == user);
        }
        if (QueryValues.Enum<AuditAction>(action, "action") is { } chosen)
        {
            var name = EnumNames.Of(chosen);
            query = query.Where(a => a.Action == name);
        }
        var window = DateWindow.Of(createdAfter, createdBefore, "created");
        if (window.After is { } after)
        {
            query = query.Where(a => a.CreatedAt >= after);
        }
        if (window.Before is { } before)
        {
            query = query.Where(a => a.CreatedAt < before);
        }
        var rows = await page.ToPageAsync(query.ApplySort(sort, "-created_at", a => a.Id).Select(Row.Projection), http, ct);
        return TypedResults.Ok(rows.ConvertAll(r => r.ToResponse()));
    }
}
