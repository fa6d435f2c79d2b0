using Plugs.Data.Audit;
using Plugs.Data.Common;

namespace Plugs.Data.Auth;

/// <summary>A one-time token mailed to a user (e-mail verification, password reset); stored as a hash.</summary>
public sealed class UserToken : Entity, ITenantOwned
{
    public const string VerifyEmail = "verify_email";
    public const string ResetPassword = "reset_password";

    public Guid OrganizationId { get; set; }
    public Guid UserId { get; set; }
    public required string Purpose { get; set; }
    [AuditRedacted]
    public required string TokenHash { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? ConsumedAt { get; set; }
}

/// <summary>An admin's invitation for someone to join the organization; the token is mailed, only its hash kept.</summary>
public sealed class Invitation : Entity, ITenantOwned, IUserStamped
{
    public Guid OrganizationId { get; set; }
    public required string Email { get; set; }
    public bool IsAdmin { get; set; }
    [AuditRedacted]
    public required string TokenHash { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public Guid? AcceptedUserId { get; set; }
    public DateTime? RevokedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
}
