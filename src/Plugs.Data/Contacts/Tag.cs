using Plugs.Data.Common;

namespace Plugs.Data.Contacts;

/// <summary>An organization's label for contacts; the name is unique in the organization.</summary>
public sealed class Tag : Entity, ITenantOwned, IUserStamped
{
    public Guid OrganizationId { get; set; }
    public required string Name { get; set; }
    /// <summary>#RRGGBB.</summary>
    public string? Color { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
}

/// <summary>A tag on a contact. Carries the organization so RLS can police it like every tenant row.</summary>
public sealed class ContactTag : ITenantOwned
{
    public Guid OrganizationId { get; set; }
    public Guid ContactId { get; set; }
    public Guid TagId { get; set; }
    public DateTime CreatedAt { get; set; }
}
