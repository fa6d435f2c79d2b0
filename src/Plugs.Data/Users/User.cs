using Plugs.Data.Audit;
using Plugs.Data.Common;

namespace Plugs.Data.Users;

public sealed class User : TenantEntity, IUserStamped
{
    /// <summary>Stored lower-cased; unique per organization, not globally.</summary>
    public required string Email { get; set; }
    [AuditRedacted]
    public required string PasswordHash { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public string? Phone { get; set; }
    public string? Bio { get; set; }
    public string? AvatarUrl { get; set; }
    public string? JobTitle { get; set; }
    public string? Company { get; set; }
    public string? LinkedinUrl { get; set; }
    public bool IsActive { get; set; } = true;
    public bool IsVerified { get; set; }
    public bool IsAdmin { get; set; }
    public DateTime? VerifiedAt { get; set; }
    public DateTime? LastLogin { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
}
