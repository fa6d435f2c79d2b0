
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

/// <summary>
/// A named lock per organization for work that must not interleave with itself but need not stop
/// anything else (contact imports and their undo): PostgreSQL takes a transaction-level advisory
/// lock on (scope, organization), released at commit or rollback, which no row write waits on;
/// SQLite transactions from EF begin IMMEDIATE, one writer at a time. Call inside a transaction,
/// first, before any row lock, so every holder takes its locks in the same order.
/// </summary>
public static class ScopeLock
{
    public static async Task LockScopeAsync(this PlugsDbContext db, string scope, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException($"The {scope} lock needs a transaction.");
        }
        if (db.Database.IsNpgsql())
        {
            var key = $"{scope}:{db.Tenant.RequiredOrganizationId}";
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);
        }
    }
}
