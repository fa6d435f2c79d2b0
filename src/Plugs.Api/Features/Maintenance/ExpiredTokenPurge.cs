using Plugs.Api.Platform.Jobs;
using Plugs.Data;
using Plugs.Data.Common;

namespace Plugs.Api.Features.Maintenance;

/// <summary>
/// Deletes credentials that can no longer be used, once they ended more than
/// <c>Jobs:ExpiredTokenRetentionDays</c> (default 7) ago, so recent ones stay visible when a session
/// is investigated: sessions (refresh-token families, with their refresh tokens by cascade) that
/// expired or were revoked; one-time tokens (e-mail verification, password reset) that expired or
/// were spent; invitations that expired or were revoked without being accepted (accepted ones stay:
/// they record how an account joined); revoked calendar-feed tokens. A token's row going away
/// answers exactly as its expiry did (401/404), so deleting it changes no answer. Idempotency keys
/// are not in the database (Redis, or the in-process cache, with a 24-hour TTL), so nothing here.
/// Set-based, in batches per organization, idempotent.
/// </summary>
public sealed class ExpiredTokenPurge(EveryOrganization organizations, JobOptions options, TimeProvider clock) : IRecurringJob
{
    public async Task<string> RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.ExpiredTokenRetentionDays);
        int sessions = 0, oneTime = 0, invitations = 0, feeds = 0;
        await organizations.ForEachAsync(async (db, token) =>
        {
            sessions += await DeleteAsync(db, db.RefreshTokenFamilies.Where(f => f.ExpiresAt < cutoff || f.RevokedAt < cutoff), token);
            oneTime += await DeleteAsync(db, db.UserTokens.Where(t => t.ExpiresAt < cutoff || t.ConsumedAt < cutoff), token);
            invitations += await DeleteAsync(db, db.Invitations.Where(i => i.AcceptedAt == null && (i.ExpiresAt < cutoff || i.RevokedAt < cutoff)), token);
            feeds += await DeleteAsync(db, db.CalendarFeedTokens.Where(f => f.RevokedAt < cutoff), token);
        }, ct);
        return $"deleted sessions {sessions}, one_time_tokens {oneTime}, invitations {invitations}, calendar_feed_tokens {feeds}";
    }

    private async Task<int> DeleteAsync<T>(PlugsDbContext db, IQueryable<T> rows, CancellationToken ct) where T : Entity
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await rows.OrderBy(r => r.Id).Take(options.BatchSize).ExecuteAuditedDeleteAsync(db, ct);
            total += deleted;
        }
        while (deleted == options.BatchSize);
        return total;
    }
}
