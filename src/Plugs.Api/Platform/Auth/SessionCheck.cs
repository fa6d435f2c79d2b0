using Plugs.Api.Platform.Database;
using Plugs.Data.Tenancy;

namespace Plugs.Api.Platform.Auth;

/// <summary>
/// Whether a session (refresh-token family) may still act, and as whom: read from the database,
/// the record every change commits to, on every authenticated request. So a logout, a revoked
/// family, a deactivated or deleted user or organization and a demotion bind the very next
/// request on every instance, with no cached copy to invalidate.
/// On PostgreSQL the read costs no round trip of its own: it rides in the same batch as the
/// statement that enters the tenant when the request's connection opens (<see cref="EntryQuery"/>),
/// which costs less than the Redis read it replaced did (bench/README.md, session 6). Elsewhere it is a query of
/// its own on that connection (SQLite is in-process).
/// </summary>
public sealed class SessionCheck(PlugsDbContext db, RequestConnection connection, TimeProvider clock)
{
    // The same conditions as the LINQ in QueryAsync; the session tests hold both to them.
    private const string Sql = """
        SELECT u.is_admin
        FROM refresh_token_families f
        JOIN users u ON u.id = f.user_id AND u.is_active AND NOT u.is_deleted
        JOIN organizations o ON o.id = u.organization_id AND o.is_active AND NOT o.is_deleted
        WHERE f.id = @p0 AND f.user_id = @p1 AND f.revoked_at IS NULL AND f.expires_at > @p2
        """;

    /// <summary>
    /// Enters the token's organization for the request, opens the request's connection for it and
    /// checks the session: whether its user is an admin, or null when the session has ended or its
    /// user or organization can no longer sign in. A refusal (or a failure) leaves nothing behind:
    /// the connection, and with it the tenant setting, is closed and the organization left, so
    /// whatever the request does next runs as if it had carried no token.
    /// </summary>
    public async Task<bool?> EnterAsync(Guid organizationId, Guid sessionId, Guid userId, CancellationToken ct)
    {
        db.Tenant.Enter(organizationId, userId);
        bool? isAdmin = null;
        try
        {
            isAdmin = await OpenAsync(sessionId, userId, ct);
        }
        finally
        {
            if (isAdmin is null)
            {
                await connection.CloseAsync();
                db.Tenant.Leave();
            }
        }
        return isAdmin;
    }

    private async Task<bool?> OpenAsync(Guid sessionId, Guid userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (db.Database.IsNpgsql())
        {
            var probe = new EntryQuery(Sql, sessionId, userId, now);
            db.Tenant.RunOnEntry(probe);
            await connection.OpenAsync(ct);
            db.Tenant.RunOnEntry(null);
            if (probe.Ran)
            {
                return probe.Row is [bool isAdmin] ? isAdmin : null;
            }
        }
        await connection.OpenAsync(ct);
        return await QueryAsync(sessionId, userId, now, ct);
    }

    private async Task<bool?> QueryAsync(Guid sessionId, Guid userId, DateTime now, CancellationToken ct)
    {
        var row = await (
            from f in db.RefreshTokenFamilies
            join u in db.Users on f.UserId equals u.Id
            join o in db.Organizations on u.OrganizationId equals o.Id
            where f.Id == sessionId && f.UserId == userId && f.RevokedAt == null && u.IsActive && o.IsActive
            select new { f.ExpiresAt, u.IsAdmin })
            .AsNoTracking().FirstOrDefaultAsync(ct);
        // Compared here rather than in SQL: SQLite keeps timestamps as text.
        return row is not null && row.ExpiresAt > now ? row.IsAdmin : null;
    }
}
