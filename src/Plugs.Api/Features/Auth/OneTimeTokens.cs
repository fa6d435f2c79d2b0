using Plugs.Data.Auth;
using Plugs.Data.Tenancy;

namespace Plugs.Api.Features.Auth;

/// <summary>Issues and redeems the mailed one-time tokens (verification, password reset).</summary>
public sealed class OneTimeTokens(PlugsDbContext db, TenantContext tenant, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Adds a new token for the user (earlier open ones of that purpose stop working) and returns its secret.</summary>
    public async Task<string> IssueAsync(Guid userId, string purpose, TimeSpan lifetime, CancellationToken ct)
    {
        await db.UserTokens
            .Where(t => t.UserId == userId && t.Purpose == purpose && t.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConsumedAt, Now).SetProperty(t => t.UpdatedAt, Now), ct);
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
        var spent = await db.UserTokens
            .Where(t => t.Id == token.Id && t.ConsumedAt == null && t.ExpiresAt > Now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConsumedAt, Now).SetProperty(t => t.UpdatedAt, Now), ct);
        if (spent == 0)
        {
            throw invalid;
        }
        tenant.Enter(organizationId, token.UserId);
        return token.UserId;
    }
}
