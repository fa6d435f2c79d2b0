using Plugs.Data.Audit;
using Plugs.Data.Common;

namespace Plugs.Data.Auth;

/// <summary>
/// One sign-in session: every refresh token rotated from one login belongs to it. Access tokens
/// carry its id (<c>sid</c>), so revoking the family ends the session on every instance at once.
/// </summary>
[NotAudited("session bookkeeping: sign-in and sign-out are audited as actions")]
public sealed class RefreshTokenFamily : Entity, ITenantOwned
{
    public Guid OrganizationId { get; set; }
    public Guid UserId { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    /// <summary>logout, reuse_detected, password_changed, password_reset, user_deactivated, user_deleted.</summary>
    public string? RevokedReason { get; set; }
    public string? UserAgent { get; set; }
    public string? IpAddress { get; set; }
}

/// <summary>A single refresh token; only the SHA-256 of its secret is stored.</summary>
[NotAudited("session bookkeeping: sign-in and sign-out are audited as actions")]
public sealed class RefreshToken : Entity, ITenantOwned
{
    public Guid OrganizationId { get; set; }
    public Guid FamilyId { get; set; }
    [AuditRedacted]
    public required string TokenHash { get; set; }
    public DateTime ExpiresAt { get; set; }
    /// <summary>Set when the token is exchanged; a second exchange is re-use and revokes the family.</summary>
    public DateTime? UsedAt { get; set; }
}
