using Plugs.Data.Common;

namespace Plugs.Data.Audit;

/// <summary>
/// One audited change or action, written in the same transaction as the change
/// (<see cref="AuditTrail"/>). Append-only: the API's role may only insert and read it
/// (PostgreSQL grants; SQLite triggers); only <see cref="AuditRetention"/> removes old rows.
/// </summary>
[NotAudited("the audit trail itself")]
public sealed class AuditLog : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    /// <summary>The acting user; null for the system or an unknown person (a failed sign-in with an unknown e-mail).</summary>
    public Guid? UserId { get; set; }
    /// <summary>An <see cref="AuditAction"/>'s snake_case name.</summary>
    public required string Action { get; set; }
    /// <summary>The table changed (<c>contacts</c>, <c>users</c>…), or what an action concerns.</summary>
    public string? EntityType { get; set; }
    public Guid? EntityId { get; set; }
    /// <summary>JSON object of the changed columns' values before the change (snake_case names; secrets "[redacted]").</summary>
    public string? OldValues { get; set; }
    /// <summary>JSON object of the changed columns' values after the change.</summary>
    public string? NewValues { get; set; }
    /// <summary>Rows a set-based statement changed (<c>bulk_updated</c>, <c>bulk_deleted</c>); null for a single-row change.</summary>
    public int? AffectedCount { get; set; }
    /// <summary>What a set-based statement matched and set, as text (its filter and setters).</summary>
    public string? Description { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public string? RequestId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>The audit log's actions, stored as their snake_case names (<c>bulk_updated</c>, <c>sign_in_failed</c>).</summary>
public enum AuditAction
{
    Created,
    Updated,
    Deleted,
    Restored,
    /// <summary>A set-based <c>INSERT</c> (an import's new contacts on PostgreSQL): one row per statement, with the affected count.</summary>
    BulkCreated,
    /// <summary>A set-based <c>UPDATE</c> (<see cref="Common.StampedUpdates"/>): one row per statement, with the affected count.</summary>
    BulkUpdated,
    /// <summary>A set-based <c>DELETE</c>: one row per statement, with the affected count.</summary>
    BulkDeleted,
    SignedIn,
    SignInFailed,
    SignedOut,
    PasswordChanged,
    RoleChanged,
    InvitationCreated,
    InvitationRevoked,
    InvitationAccepted,
    Exported,
    Imported,
}
