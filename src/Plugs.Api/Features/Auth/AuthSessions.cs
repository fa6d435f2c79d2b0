using Microsoft.Extensions.Options;
using Plugs.Api.Features.Organizations;
using Plugs.Api.Features.Users;
using Plugs.Data.Auth;
using Plugs.Data.Tenancy;
using Plugs.Data.Users;

namespace Plugs.Api.Features.Auth;

/// <summary>
/// Sessions are refresh-token families. A login starts one; each refresh rotates its token;
/// presenting a token that was already rotated means it leaked, so the whole family is revoked.
/// </summary>
public sealed class AuthSessions(
    PlugsDbContext db, TenantContext tenant, TokenIssuer issuer,
    IOptions<AuthOptions> options, TimeProvider clock, IHttpContextAccessor http)
{
    public const string ReasonLogout = "logout";
    public const string ReasonReuse = "reuse_detected";
    public const string ReasonPasswordChanged = "password_changed";
    public const string ReasonPasswordReset = "password_reset";
    public const string ReasonDeactivated = "user_deactivated";
    public const string ReasonDeleted = "user_deleted";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private TimeSpan RefreshLifetime => TimeSpan.FromDays(options.Value.RefreshTokenDays);

    /// <summary>Starts a session for a user whose credentials were just proven; saves and returns tokens.</summary>
    public async Task<TokenResponse> StartAsync(User user, CancellationToken ct)
    {
        var request = http.HttpContext?.Request;
        var family = new RefreshTokenFamily
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            ExpiresAt = Now + RefreshLifetime,
            UserAgent = Truncate(request?.Headers.UserAgent.ToString(), 500),
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        };
        db.RefreshTokenFamilies.Add(family);
        var refreshToken = AddRefreshToken(family.Id);
        await db.SaveChangesAsync(ct);
        // A value the server derives: one person signing in on two devices at once must not
        // conflict on their user row's version, nor make an admin's If-Match on it stale.
        var now = Now;
        await db.Users.Where(u => u.Id == user.Id).ExecuteDerivedUpdateAsync(s => s.SetProperty(u => u.LastLogin, now), ct);
        user.LastLogin = now;
        if (db.Entry(user).State != EntityState.Detached)
        {
            db.Entry(user).Property(u => u.LastLogin).IsModified = false;
        }
        return await RespondAsync(user, family.Id, refreshToken, ct);
    }

    /// <summary>Exchanges a refresh token for a new pair; re-use of a spent token revokes its family.</summary>
    public async Task<TokenResponse> RotateAsync(string presented, CancellationToken ct)
    {
        var invalid = ProblemException.Unauthorized("The refresh token is invalid or expired.", "invalid_refresh_token");
        if (!OpaqueToken.TryParse(presented, out var organizationId, out var hash))
        {
            throw invalid;
        }
        tenant.Enter(organizationId);
        var token = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct) ?? throw invalid;
        var family = await db.RefreshTokenFamilies.FirstOrDefaultAsync(f => f.Id == token.FamilyId, ct) ?? throw invalid;
        if (family.RevokedAt is not null || family.ExpiresAt <= Now || token.ExpiresAt <= Now)
        {
            throw invalid;
        }
        // Spend the token atomically: of two concurrent exchanges only one wins.
        var spent = await db.RefreshTokens
            .Where(t => t.Id == token.Id && t.UsedAt == null)
            .ExecuteStampedUpdateAsync(db, s => s.SetProperty(t => t.UsedAt, Now), ct);
        if (spent == 0)
        {
            await RevokeAsync([family.Id], ReasonReuse, ct);
            throw ProblemException.Unauthorized("The refresh token was already used; the session has been ended.", "refresh_token_reused");
        }
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == family.UserId && u.IsActive, ct) ?? throw invalid;
        tenant.Enter(organizationId, user.Id);
        family.LastUsedAt = Now;
        var refreshToken = AddRefreshToken(family.Id);
        await db.SaveChangesAsync(ct);
        return await RespondAsync(user, family.Id, refreshToken, ct);
    }

    /// <summary>Ends sessions: every instance refuses their access tokens from the next request on (<see cref="SessionCheck"/>).</summary>
    public async Task RevokeAsync(IReadOnlyCollection<Guid> familyIds, string reason, CancellationToken ct)
    {
        await db.RefreshTokenFamilies
            .Where(f => familyIds.Contains(f.Id) && f.RevokedAt == null)
            .ExecuteStampedUpdateAsync(db, s => s.SetProperty(f => f.RevokedAt, Now).SetProperty(f => f.RevokedReason, reason), ct);
    }

    /// <summary>Ends every live session of a user (password change or reset, deactivation, deletion).</summary>
    public async Task RevokeAllAsync(Guid userId, string reason, CancellationToken ct)
    {
        var live = await db.RefreshTokenFamilies
            .Where(f => f.UserId == userId && f.RevokedAt == null && f.ExpiresAt > Now)
            .Select(f => f.Id).ToListAsync(ct);
        await RevokeAsync(live, reason, ct);
    }

    private string AddRefreshToken(Guid familyId)
    {
        var (token, hash) = OpaqueToken.Create(tenant.RequiredOrganizationId);
        db.RefreshTokens.Add(new RefreshToken { FamilyId = familyId, TokenHash = hash, ExpiresAt = Now + RefreshLifetime });
        return token;
    }

    private async Task<TokenResponse> RespondAsync(User user, Guid familyId, string refreshToken, CancellationToken ct)
    {
        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == user.OrganizationId, ct);
        return new TokenResponse(
            issuer.CreateAccessToken(user.Id, user.OrganizationId, familyId), "bearer",
            (int)issuer.AccessTokenLifetime.TotalSeconds, refreshToken,
            UserResponse.From(user), OrganizationResponse.From(organization));
    }

    private static string? Truncate(string? value, int max) =>
        string.IsNullOrEmpty(value) ? null : value.Length <= max ? value : value[..max];
}
