using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Plugs.Data.Audit;

namespace Plugs.Data.Common;

/// <summary>
/// The one way features write set-based (<c>ExecuteUpdate</c>), so those writes stamp themselves as
/// saves do (<see cref="AuditStampInterceptor"/>): <c>updated_at</c> moves to now — the row's ETag
/// changes, and a writer holding the old version loses its conditional write — and <c>updated_by</c>
/// to the acting user. A test fails when a feature calls <c>ExecuteUpdate</c> itself. Neither helper
/// sets a derived column or one it is derived from (<see cref="DerivedFromAttribute"/>): the
/// database cannot recompute it, so such a write throws before it runs; load the rows and save.
/// Every statement that changes rows is audited as one row (<see cref="SetBasedAudit"/>), in its transaction.
/// </summary>
public static class StampedUpdates
{
    /// <summary>Applies <paramref name="set"/> to every row of <paramref name="rows"/> and stamps them.</summary>
    public static Task<int> ExecuteStampedUpdateAsync<T>(this IQueryable<T> rows, PlugsDbContext db, Action<UpdateSetters<T>> set, CancellationToken ct)
        where T : Entity
    {
        var now = db.Clock.StoredUtcNow();
        var user = db.Tenant.UserId;
        var stampsUser = typeof(IUserStamped).IsAssignableFrom(typeof(T));
        return SetBasedAudit.RunAsync(db, rows, AuditAction.BulkUpdated, (columns, token) => rows.ExecuteUpdateAsync(s =>
        {
            set(new UpdateSetters<T>(s, columns));
            s.SetProperty(e => e.UpdatedAt, now);
            columns.Add(nameof(Entity.UpdatedAt));
            if (stampsUser && user is not null)
            {
                s.SetProperty(e => EF.Property<Guid?>(e, nameof(IUserStamped.UpdatedBy)), user);
                columns.Add(nameof(IUserStamped.UpdatedBy));
            }
        }, token), ct);
    }

    /// <summary>Moves only <c>updated_at</c>/<c>updated_by</c>: the rows' representation changed through other rows (a tag renamed on contacts).</summary>
    public static Task<int> ExecuteStampAsync<T>(this IQueryable<T> rows, PlugsDbContext db, CancellationToken ct) where T : Entity =>
        rows.ExecuteStampedUpdateAsync(db, _ => { }, ct);

    /// <summary>
    /// Writes a value the server derives from other rows (<c>last_interaction</c>, <c>current_attendees</c>)
    /// and leaves the version alone: a derived value changing must not make a person's If-Match on
    /// the row stale, and no person's write can be lost to it (no request sets these columns).
    /// Not audited: a derived value follows a change that is (the interaction, the registration, the
    /// sign-in, the contact's save), and auditing it would double the audit rows and round trips of those writes.
    /// </summary>
    public static Task<int> ExecuteDerivedUpdateAsync<T>(this IQueryable<T> rows, Action<UpdateSetters<T>> set, CancellationToken ct)
        where T : Entity =>
        rows.ExecuteUpdateAsync(s => set(new UpdateSetters<T>(s, [])), ct);

    /// <summary>
    /// Deletes rows of a table that belongs to no organization (operational records such as
    /// <c>job_runs</c>): there is no tenant's audit trail to write to. Refuses tenant tables, which
    /// go through <see cref="ExecuteAuditedDeleteAsync{T}"/>.
    /// </summary>
    public static Task<int> ExecuteOperationalDeleteAsync<T>(this IQueryable<T> rows, CancellationToken ct) where T : class =>
        typeof(ITenantOwned).IsAssignableFrom(typeof(T))
            ? throw new InvalidOperationException($"{typeof(T).Name} is a tenant table: delete it with ExecuteAuditedDeleteAsync.")
            : rows.ExecuteDeleteAsync(ct);

    /// <summary>
    /// Updates rows of a tenant table that keeps operational bookkeeping, not people's data (the
    /// webhook outbox and its deliveries, declared <see cref="NotAuditedAttribute"/>): nothing to
    /// stamp or audit. Refuses audited tables, which go through <see cref="ExecuteStampedUpdateAsync{T}"/>.
    /// </summary>
    public static Task<int> ExecuteBookkeepingUpdateAsync<T>(this IQueryable<T> rows, Action<UpdateSettersBuilder<T>> set, CancellationToken ct)
        where T : class, ITenantOwned =>
        typeof(T).GetCustomAttribute<NotAuditedAttribute>() is null
            ? throw new InvalidOperationException($"{typeof(T).Name} is audited: update it with ExecuteStampedUpdateAsync.")
            : rows.ExecuteUpdateAsync(set, ct);

    /// <summary>The one way features delete set-based (<c>ExecuteDelete</c>): one <c>bulk_deleted</c> audit row per statement.</summary>
    public static Task<int> ExecuteAuditedDeleteAsync<T>(this IQueryable<T> rows, PlugsDbContext db, CancellationToken ct) where T : class =>
        SetBasedAudit.RunAsync(db, rows, AuditAction.BulkDeleted, (_, token) => rows.ExecuteDeleteAsync(token), ct);
}

/// <summary>EF's setters for <see cref="StampedUpdates"/>, refusing the columns of <typeparamref name="T"/> that only a save can keep right.</summary>
public sealed class UpdateSetters<T>(UpdateSettersBuilder<T> inner, List<string> columns)
{
    /// <summary>Derived columns and the properties they are derived from.</summary>
    private static readonly HashSet<string> SaveOnly = typeof(T).GetProperties()
        .Select(p => (p.Name, Sources: p.GetCustomAttribute<DerivedFromAttribute>()?.Sources))
        .Where(p => p.Sources is not null)
        .SelectMany(p => p.Sources!.Append(p.Name))
        .ToHashSet(StringComparer.Ordinal);

    public UpdateSetters<T> SetProperty<TProperty>(Expression<Func<T, TProperty>> property, TProperty value)
    {
        Check(property);
        inner.SetProperty(property, value);
        return this;
    }

    public UpdateSetters<T> SetProperty<TProperty>(Expression<Func<T, TProperty>> property, Expression<Func<T, TProperty>> value)
    {
        Check(property);
        inner.SetProperty(property, value);
        return this;
    }

    private void Check(LambdaExpression property)
    {
        if (property.Body is MemberExpression { Member.Name: var member })
        {
            columns.Add(member); // for the statement's audit row
        }
        if (property.Body is MemberExpression { Member.Name: var name } && SaveOnly.Contains(name))
        {
            throw new InvalidOperationException(
                $"{typeof(T).Name}.{name} feeds or is a derived column that a set-based write cannot recompute; load the rows and save them instead.");
        }
    }
}
