using Plugs.Data.Auth;
using Plugs.Data.Tenancy;

namespace Plugs.Api.Features.Auth;

/// <summary>Issues and redeems the mailed one-time tokens (verification, password reset).</summary>
public sealed class OneTimeTokens(PlugsDbContext db, TenantContext tenant, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Adds a new token for the user and returns its secret. With <paramref name="replace"/> earlier
    /// open ones of that purpose stop working (verification: only the newest link counts); without,
    /// they stay valid until used or expired (a reset requested by a stranger must not void the
    /// owner's link).
    /// </summary>
    public async Task<string> IssueAsync(Guid userId, string purpose, TimeSpan lifetime, bool replace, CancellationToken ct)
    {
        if (replace)
        {
            await db.UserTokens
                .Where(t => t.UserId == userId && t.Purpose == purpose && t.ConsumedAt == null)
                .ExecuteStampedUpdateAsync(db, s => s.SetProperty(t => t.ConsumedAt, Now), ct);
        }
        var (token, hash) = OpaqueToken.Create(tenant.RequiredOrganizationId);
        db.UserTokens.Add(new UserToken { UserId = userId, Purpose = purpose, TokenHash = hash, ExpiresAt = Now + lifetime });
        await db.SaveChangesAsync(ct);
        return token;
    }

    /// <summary>Spends a token once (atomically) and returns its user id; any failure is the same 400.</summary>
    public async Task<Guid> RedeemAsync(string presented, string purpose, CancellationToken ct)
    {
        var invalid = ProblemException.BadRequest("The link is invalid, expired or already used.", "invalid_token");
        if (!OpaqueToken.TryParse(presented, out var organizationId, out var hash))
        {
            throw invalid;
        }
        tenant.Enter(organizationId);
        var token = await db.UserTokens.AsNoTracking()
            .FirstOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == purpose, ct) ?? throw invalid;
        var now = Now;
        // One statement spends every open token of the user for this purpose, and only while this one
        // is open and unexpired: using one mailed link voids the others, and of concurrent
        // redemptions exactly one wins (the others find the rows already spent when their update
        // re-reads them behind the winner's row locks; SQLite serializes the writes).
        var spent = await db.UserTokens
            .Where(t => t.UserId == token.UserId && t.Purpose == purpose && t.ConsumedAt == null
                && db.UserTokens.Any(o => o.Id == token.Id && o.ConsumedAt == null && o.ExpiresAt > now))
            .ExecuteStampedUpdateAsync(db, s => s.SetProperty(t => t.ConsumedAt, now), ct);
        if (spent == 0)
        {
            throw invalid;
        }
        tenant.Enter(organizationId, token.UserId);
        return token.UserId;
    }
}
