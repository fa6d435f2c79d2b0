namespace Plugs.Data.Tenancy;

/// <summary>
/// Who the current unit of work acts for: filled once per request by authentication, or
/// explicitly by the few flows that run before a user is known (register, login, token
/// redemption). Every tenant query filter, stamp and RLS setting reads it; nothing else does.
/// </summary>
public sealed class TenantContext
{
    public Guid? OrganizationId { get; private set; }
    public Guid? UserId { get; private set; }

    public void Enter(Guid organizationId, Guid? userId = null)
    {
        if (OrganizationId is { } current && current != organizationId)
        {
            throw new InvalidOperationException("A unit of work cannot switch organizations.");
        }
        OrganizationId = organizationId;
        UserId = userId ?? UserId;
    }

    /// <summary>The organization, or an exception when code reaches tenant data without one.</summary>
    public Guid RequiredOrganizationId =>
        OrganizationId ?? throw new InvalidOperationException("No organization is set for this unit of work.");
}
