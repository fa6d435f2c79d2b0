using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Plugs.Data.Common;

/// <summary>
/// The one way features write set-based (<c>ExecuteUpdate</c>), so those writes stamp themselves as
/// saves do (<see cref="AuditStampInterceptor"/>): <c>updated_at</c> moves to now — the row's ETag
/// changes, and a writer holding the old version loses its conditional write — and <c>updated_by</c>
/// to the acting user. A test fails when a feature calls <c>ExecuteUpdate</c> itself.
/// </summary>
public static class StampedUpdates
{
    /// <summary>Applies <paramref name="set"/> to every row of <paramref name="rows"/> and stamps them.</summary>
    public static Task<int> ExecuteStampedUpdateAsync<T>(this IQueryable<T> rows, PlugsDbContext db, Action<UpdateSettersBuilder<T>> set, CancellationToken ct)
        where T : Entity
    {
        var now = db.Clock.StoredUtcNow();
        var user = db.Tenant.UserId;
        var stampsUser = typeof(IUserStamped).IsAssignableFrom(typeof(T));
        return rows.ExecuteUpdateAsync(s =>
        {
            set(s);
            s.SetProperty(e => e.UpdatedAt, now);
            if (stampsUser && user is not null)
            {
                s.SetProperty(e => EF.Property<Guid?>(e, nameof(IUserStamped.UpdatedBy)), user);
            }
        }, ct);
    }

    /// <summary>Moves only <c>updated_at</c>/<c>updated_by</c>: the rows' representation changed through other rows (a tag renamed on contacts).</summary>
    public static Task<int> ExecuteStampAsync<T>(this IQueryable<T> rows, PlugsDbContext db, CancellationToken ct) where T : Entity =>
        rows.ExecuteStampedUpdateAsync(db, _ => { }, ct);

    /// <summary>
    /// Writes a value the server derives from other rows (<c>last_interaction</c>, <c>current_attendees</c>)
    /// and leaves the version alone: a derived value changing must not make a person's If-Match on
    /// the row stale, and no person's write can be lost to it (no request sets these columns).
    /// </summary>
    public static Task<int> ExecuteDerivedUpdateAsync<T>(this IQueryable<T> rows, Action<UpdateSettersBuilder<T>> set, CancellationToken ct)
        where T : Entity =>
        rows.ExecuteUpdateAsync(set, ct);
}
