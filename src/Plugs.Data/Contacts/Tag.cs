using Plugs.Data.Common;

namespace Plugs.Data.Contacts;

/// <summary>An organization's label for contacts; the name is unique in the organization, ignoring case.</summary>
public sealed class Tag : Entity, ITenantOwned, IUserStamped, IDerivesColumns
{
    public Guid OrganizationId { get; set; }
    /// <summary>As first spelled: a tag named <c>Investor</c> is also the tag <c>investor</c>.</summary>
    public required string Name { get; set; }
    /// <summary>The name lower-cased (<see cref="TextFolding.Case"/>): unique in the organization, and what names are looked up by.</summary>
    [DerivedFrom(nameof(Name))]
    public string NormalizedName { get; private set; } = "";
    /// <summary>#RRGGBB.</summary>
    public string? Color { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }

    public void DeriveColumns() => NormalizedName = TextFolding.Case(Name);
}

/// <summary>A tag on a contact. Carries the organization so RLS can police it like every tenant row.</summary>
public sealed class ContactTag : ITenantOwned
{
    public Guid OrganizationId { get; set; }
    public Guid ContactId { get; set; }
    public Guid TagId { get; set; }
    public DateTime CreatedAt { get; set; }
}
