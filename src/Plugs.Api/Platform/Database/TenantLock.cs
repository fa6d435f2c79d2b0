
namespace Plugs.Api.Platform.Database;

/// <summary>
/// Serialises invariants that span rows of one organization (such as "at least one admin"):
/// call inside a transaction before reading what the invariant depends on. PostgreSQL locks the
/// organization row; SQLite transactions from EF already begin IMMEDIATE, one writer at a time.
/// </summary>
public static class TenantLock
{
    public static async Task LockOrganizationAsync(this PlugsDbContext db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The organization lock needs a transaction.");
        }
        if (db.Database.IsNpgsql())
        {
            var organizationId = db.Tenant.RequiredOrganizationId;
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM organizations WHERE id = {organizationId} FOR UPDATE", ct);
        }
    }
}
