using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Plugs.Data.Common;
using Plugs.Data.Organizations;

namespace Plugs.Data.Audit;

/// <summary>
/// Turns a save's tracked changes into <see cref="AuditLog"/> rows, added to the same save (one
/// batch, one transaction, no extra round trip): <c>created</c>, <c>updated</c>, <c>deleted</c>
/// (soft or hard) and <c>restored</c>, each with the old and new values of the changed columns only,
/// by their snake_case column names. Stamps (id, organization, timestamps, acting user) and derived
/// columns are left out: they are the row's own columns or follow from the values shown.
/// </summary>
public static class AuditTrail
{
    public const string Redacted = "[redacted]";

    private static readonly HashSet<string> Stamps =
    [
        nameof(Entity.Id), nameof(ITenantOwned.OrganizationId), nameof(Entity.CreatedAt), nameof(Entity.UpdatedAt),
        nameof(IUserStamped.CreatedBy), nameof(IUserStamped.UpdatedBy),
    ];

    private static readonly ConcurrentDictionary<IEntityType, Plan?> Plans = new();

    /// <summary>Whether the property's values are kept out of the audit log (<see cref="AuditRedactedAttribute"/>).</summary>
    public static bool IsRedacted(IReadOnlyProperty property) =>
        property.PropertyInfo?.GetCustomAttribute<AuditRedactedAttribute>() is not null;

    /// <summary>Whether saves of the entity type are audited: every tenant entity and the organization, unless <see cref="NotAuditedAttribute"/>.</summary>
    public static bool IsAudited(IReadOnlyEntityType entityType) =>
        (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType) || entityType.ClrType == typeof(Organization))
        && entityType.ClrType.GetCustomAttribute<NotAuditedAttribute>() is null;

    /// <summary>Adds the audit rows of <paramref name="entries"/> (already stamped) to the context.</summary>
    internal static void Record(PlugsDbContext db, IEnumerable<EntityEntry> entries, DateTime now)
    {
        List<AuditLog>? rows = null;
        foreach (var entry in entries)
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)
                || Plans.GetOrAdd(entry.Metadata, CreatePlan) is not { } plan)
            {
                continue;
            }
            if (Describe(entry, plan, db, now) is { } row)
            {
                (rows ??= []).Add(row);
            }
        }
        if (rows is not null)
        {
            db.Set<AuditLog>().AddRange(rows);
        }
    }

    /// <summary>An action row (sign-in, export…) for the unit of work's organization and user, saved with its next save.</summary>
    public static AuditLog Action(PlugsDbContext db, AuditAction action, string? entityType = null, Guid? entityId = null,
        object? details = null, Guid? organizationId = null, Guid? userId = null)
    {
        var row = NewRow(db, organizationId ?? db.Tenant.RequiredOrganizationId, action, db.Clock.StoredUtcNow());
        row.UserId = userId ?? db.Tenant.UserId;
        row.EntityType = entityType;
        row.EntityId = entityId;
        row.NewValues = details is null ? null : JsonSerializer.Serialize(details, DetailsJson);
        db.Set<AuditLog>().Add(row);
        return row;
    }

    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    internal static AuditLog NewRow(PlugsDbContext db, Guid organizationId, AuditAction action, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrganizationId = organizationId,
        UserId = db.Tenant.UserId,
        Action = EnumNames.Of(action),
        IpAddress = db.Origin.IpAddress,
        UserAgent = db.Origin.UserAgent,
        RequestId = db.Origin.RequestId,
        CreatedAt = now,
    };

    private static AuditLog? Describe(EntityEntry entry, Plan plan, PlugsDbContext db, DateTime now)
    {
        AuditAction action;
        var changed = new List<(Column Column, object? Old, object? New)>();
        switch (entry.State)
        {
            case EntityState.Added:
                action = AuditAction.Created;
                foreach (var c in plan.Columns)
                {
                    if (entry.Property(c.Property.Name).CurrentValue is { } value)
                    {
                        changed.Add((c, null, value));
                    }
                }
                break;
            case EntityState.Deleted:
                action = AuditAction.Deleted;
                foreach (var c in plan.Columns)
                {
                    if (entry.Property(c.Property.Name).OriginalValue is { } value)
                    {
                        changed.Add((c, value, null));
                    }
                }
                break;
            default:
                action = AuditAction.Updated;
                foreach (var c in plan.Columns)
                {
                    var p = entry.Property(c.Property.Name);
                    if (p.IsModified && !Equals(p.OriginalValue, p.CurrentValue))
                    {
                        changed.Add((c, p.OriginalValue, p.CurrentValue));
                        if (c.Property.Name == nameof(ISoftDeletable.IsDeleted))
                        {
                            action = p.CurrentValue is true ? AuditAction.Deleted : AuditAction.Restored;
                        }
                    }
                }
                if (changed.Count == 0)
                {
                    return null;
                }
                break;
        }
        var organizationId = entry.Entity is ITenantOwned owned ? owned.OrganizationId : ((Organization)entry.Entity).Id;
        var row = NewRow(db, organizationId, action, now);
        row.EntityType = plan.Table;
        row.EntityId = plan.Key is { } key ? (Guid?)entry.Property(key.Name).CurrentValue : null;
        row.OldValues = entry.State == EntityState.Added ? null : Json(changed, old: true);
        row.NewValues = entry.State == EntityState.Deleted ? null : Json(changed, old: false);
        return row;
    }

    private static string Json(List<(Column Column, object? Old, object? New)> changed, bool old)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (column, o, n) in changed)
            {
                w.WritePropertyName(column.Name);
                if (column.Redacted)
                {
                    w.WriteStringValue(Redacted);
                }
                else
                {
                    WriteValue(w, column, old ? o : n);
                }
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Values as the database stores them (enums as their snake_case text), so the log reads like the table.</summary>
    internal static void WriteValue(Utf8JsonWriter w, Column column, object? value)
    {
        if (value is not null && column.Converter is { } converter)
        {
            value = converter.ConvertToProvider(value);
        }
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case short s16: w.WriteNumberValue(s16); break;
            case decimal d: w.WriteNumberValue(d); break;
            case double f: w.WriteNumberValue(f); break;
            case Guid g: w.WriteStringValue(g); break;
            case DateTime t: w.WriteStringValue(DateTime.SpecifyKind(t, DateTimeKind.Utc)); break;
            case DateTimeOffset o: w.WriteStringValue(o); break;
            case DateOnly date: w.WriteStringValue(date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)); break;
            case TimeOnly time: w.WriteStringValue(time.ToString("HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture)); break;
            default: w.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }

    internal sealed record Column(IProperty Property, string Name, bool Redacted, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter);

    private sealed record Plan(string Table, IProperty? Key, Column[] Columns);

    /// <summary>The audited columns of an entity type (none when it is not audited).</summary>
    internal static IReadOnlyList<Column> ColumnsOf(IEntityType entityType) =>
        Plans.GetOrAdd(entityType, CreatePlan)?.Columns ?? [];

    private static Plan? CreatePlan(IEntityType entityType)
    {
        if (!IsAudited(entityType))
        {
            return null;
        }
        var keys = entityType.FindPrimaryKey()!.Properties;
        var singleKey = keys is [{ ClrType: var t } key] && t == typeof(Guid) ? key : null;
        var columns = entityType.GetProperties()
            .Where(p => p.PropertyInfo is not null
                && p.GetComputedColumnSql() is null
                && p.PropertyInfo.GetCustomAttribute<DerivedFromAttribute>() is null
                // A composite key (contact_tags) has no one id: its key columns go into the values.
                && !(Stamps.Contains(p.Name) && !(singleKey is null && p.IsKey())))
            .Select(p => new Column(p, p.GetColumnName(), IsRedacted(p), p.GetTypeMapping().Converter))
            .ToArray();
        return new Plan(entityType.GetTableName()!, singleKey, columns);
    }
}
