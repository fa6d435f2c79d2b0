using System.Text.Json;
using Plugs.Api.Platform.Caching;

namespace Plugs.Api.Platform.Auth;

/// <summary>
/// Whether a session (refresh-token family) may still act, and as whom; read on every
/// authenticated request, from shared state when cached, else from the database.
/// Changes that must bite at once write a marker into the shared state after their commit:
/// <see cref="RevokeAsync"/> a permanent "revoked", <see cref="RecheckUserAsync"/> a short
/// "recheck" that forces database reads. Readers only cache with set-if-absent, so a read that
/// raced a change can never overwrite its marker. Every instance sees a marker on its next request.
/// </summary>
public sealed class SessionState(PlugsDbContext db, ISharedState state, TimeProvider clock)
{
    private const string Revoked = "revoked";
    private const string Recheck = "recheck";
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RecheckFor = TimeSpan.FromSeconds(30);
    // Outlives any access token issued for the session (15 minutes plus clock skew by default).
    private static readonly TimeSpan RevokedFor = TimeSpan.FromHours(2);

    public sealed record Snapshot(Guid UserId, bool IsAdmin);

    /// <summary>The shared state's entry for the session, read on its own so that it can overlap other I/O.</summary>
    public Task<string?> ReadCachedAsync(Guid sessionId) => state.GetAsync(Key(sessionId));

    /// <summary>
    /// The session's user, or null when the session is revoked, expired or its user cannot sign in,
    /// given its entry from <see cref="ReadCachedAsync"/> (the database is read when there is none).
    /// </summary>
    public async Task<Snapshot?> GetAsync(Guid sessionId, Guid userId, string? cached, CancellationToken ct)
    {
        var key = Key(sessionId);
        if (cached == Revoked)
        {
            return null;
        }
        if (cached is not null && cached != Recheck)
        {
            var snapshot = JsonSerializer.Deserialize<Snapshot>(cached);
            return snapshot?.UserId == userId ? snapshot : null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await (
            from f in db.RefreshTokenFamilies
            join u in db.Users on f.UserId equals u.Id
            join o in db.Organizations on u.OrganizationId equals o.Id
            where f.Id == sessionId && f.UserId == userId
            select new { f.RevokedAt, f.ExpiresAt, u.IsActive, u.IsAdmin, OrganizationActive = o.IsActive })
            .AsNoTracking().FirstOrDefaultAsync(ct);
        if (row is not { RevokedAt: null, IsActive: true, OrganizationActive: true } || row.ExpiresAt <= now)
        {
            return null;
        }
        var result = new Snapshot(userId, row.IsAdmin);
        if (cached is null)
        {
            await state.SetIfAbsentAsync(key, JsonSerializer.Serialize(result), CacheFor);
        }
        return result;
    }

    /// <summary>Call after the revocation is committed.</summary>
    public async Task RevokeAsync(IEnumerable<Guid> sessionIds)
    {
        foreach (var id in sessionIds)
        {
            await state.SetAsync(Key(id), Revoked, RevokedFor);
        }
    }

    /// <summary>Call after a change to the user (active, admin, deleted) is committed.</summary>
    public async Task RecheckUserAsync(Guid userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sessions = await db.RefreshTokenFamilies
            .Where(f => f.UserId == userId && f.RevokedAt == null && f.ExpiresAt > now)
            .Select(f => f.Id).ToListAsync(ct);
        foreach (var id in sessions)
        {
            await state.SetAsync(Key(id), Recheck, RecheckFor);
        }
    }

    private static string Key(Guid sessionId) => $"session:{sessionId:N}";
}
