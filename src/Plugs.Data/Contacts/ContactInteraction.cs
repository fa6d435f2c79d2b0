using Plugs.Data.Common;

namespace Plugs.Data.Contacts;

public enum InteractionType
{
    Meeting,
    Call,
    Email,
    Linkedin,
    Event,
    FollowUp,
}

public enum InteractionStatus
{
    Completed,
    Scheduled,
    Cancelled,
}

/// <summary>One entry of a contact's relationship timeline.</summary>
public sealed class ContactInteraction : TenantEntity
{
    public Guid ContactId { get; set; }
    /// <summary>The user who had (or will have) the interaction.</summary>
    public Guid UserId { get; set; }
    public InteractionType InteractionType { get; set; }
    public string? Subject { get; set; }
    public string? Description { get; set; }
    public string? Outcome { get; set; }
    public DateTime InteractionDate { get; set; }
    public InteractionStatus Status { get; set; } = InteractionStatus.Completed;
    public string Metadata { get; set; } = "{}";
}
