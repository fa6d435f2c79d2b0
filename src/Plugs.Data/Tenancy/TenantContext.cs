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

    /// <summary>
    /// Undoes <see cref="Enter"/> for a unit of work that did nothing in the organization yet:
    /// authentication refusing the token it entered for. Close the unit's connection first, so
    /// the connection's tenant setting goes with it.
    /// </summary>
    public void Leave()
    {
        OrganizationId = null;
        UserId = null;
        _onEntry = null;
    }

    private EntryQuery? _onEntry;

    /// <summary>
    /// Runs <paramref name="query"/> with the statement that enters the organization the next time a
    /// connection opens for this unit of work (PostgreSQL; elsewhere it never runs, see <see cref="EntryQuery.Ran"/>);
    /// null withdraws a query that has not run.
    /// </summary>
    public void RunOnEntry(EntryQuery? query) => _onEntry = query;

    internal EntryQuery? TakeEntryQuery()
    {
        var query = _onEntry;
        _onEntry = null;
        return query;
    }

    /// <summary>The organization, or an exception when code reaches tenant data without one.</summary>
    public Guid RequiredOrganizationId =>
        OrganizationId ?? throw new InvalidOperationException("No organization is set for this unit of work.");
}
