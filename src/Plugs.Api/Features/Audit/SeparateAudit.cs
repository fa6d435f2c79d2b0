using Plugs.Data.Audit;
using Plugs.Data.Tenancy;

namespace Plugs.Api.Features.Audit;

/// <summary>
/// Audit rows for something that is refused, so no save of the request carries them (a failed
/// sign-in): each written in a unit of work of its own, entered in the organization it is filed under.
/// </summary>
public sealed class SeparateAudit(IDbContextFactory<PlugsDbContext> contexts, TimeProvider clock, RequestOrigin origin)
{
    public async Task RecordAsync(IEnumerable<(Guid OrganizationId, Guid? UserId)> subjects, AuditAction action, string entityType, object? details,
        CancellationToken ct)
    {
        foreach (var (organizationId, userId) in subjects)
        {
            await using var db = contexts.CreateDbContext();
            db.Tenant = new TenantContext();
            db.Tenant.Enter(organizationId, userId);
            db.Clock = clock;
            db.Origin = origin;
            AuditTrail.Action(db, action, entityType, userId, details);
            await db.SaveChangesAsync(ct);
        }
    }
}
