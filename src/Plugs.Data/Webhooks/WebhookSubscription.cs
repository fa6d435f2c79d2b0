using Plugs.Data.Audit;
using Plugs.Data.Common;

namespace Plugs.Data.Webhooks;

/// <summary>
/// Where an organization wants its events sent, and which ones. The signing secret is stored
/// encrypted (Data Protection) and never read back to a client; after a rotation the previous
/// secret keeps signing beside the new one until <see cref="PreviousSecretExpiresAt"/>.
/// </summary>
public sealed class WebhookSubscription : TenantEntity, IUserStamped
{
    public required string Url { get; set; }
    public string? Description { get; set; }
    /// <summary>Names from the documented list (<c>contact.created</c>, …), each once.</summary>
    public List<string> EventTypes { get; set; } = [];
    public bool IsActive { get; set; } = true;
    [AuditRedacted]
    public required string SecretEncrypted { get; set; }
    [AuditRedacted]
    public string? PreviousSecretEncrypted { get; set; }
    public DateTime? PreviousSecretExpiresAt { get; set; }
    /// <summary>Deliveries that died in a row; reset by a success (failure bookkeeping of DESIGN §3).</summary>
    public int ConsecutiveFailures { get; set; }
    public DateTime? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
}
