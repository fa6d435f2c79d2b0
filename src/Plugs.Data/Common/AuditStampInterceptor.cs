using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Plugs.Data.Audit;
using Plugs.Data.Tenancy;

namespace Plugs.Data.Common;

/// <summary>
/// Stamps ids, timestamps, tenant and acting user on every save, recomputes derived columns
/// (<see cref="IDerivesColumns"/>), and turns deletes of soft-deletable rows into updates.
/// Whatever a handler copied from a request, these columns end up with the server's values.
/// Then it adds the save's audit rows and webhook events to the same save (<see cref="AuditTrail"/>,
/// <see cref="Webhooks.WebhookTrail"/>).
/// </summary>
public sealed class AuditStampInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is not PlugsDbContext db)
        {
            return;
        }
        var now = clock.StoredUtcNow();
        var tenant = db.Tenant;
        var entries = db.ChangeTracker.Entries().ToList();
        foreach (var entry in entries)
        {
            if (entry.Entity is AuditLog)
            {
                continue;
            }
            if (entry.State == EntityState.Deleted && entry.Entity is ISoftDeletable deletable)
            {
                entry.State = EntityState.Modified;
                deletable.IsDeleted = true;
                deletable.DeletedAt = now;
            }
            if (entry.State is EntityState.Added or EntityState.Modified && entry.Entity is IDerivesColumns derived)
            {
                derived.DeriveColumns();
            }
            switch (entry.State)
            {
                case EntityState.Added:
                    StampAdded(entry.Entity, tenant, now);
                    break;
                case EntityState.Modified:
                    StampModified(entry, tenant, clock);
                    break;
            }
        }
        // The stamps and soft deletes above are not yet seen by the change tracker; the audit rows need them.
        foreach (var entry in entries)
        {
            if (entry.State is EntityState.Modified)
            {
                entry.DetectChanges();
            }
        }
        AuditTrail.Record(db, entries, now);
        Webhooks.WebhookTrail.Record(db, entries, now);
    }

    private static void StampAdded(object entity, TenantContext tenant, DateTime now)
    {
        if (entity is Entity e)
        {
            if (e.Id == Guid.Empty)
            {
                e.Id = Guid.CreateVersion7(now);
            }
            e.CreatedAt = now;
            e.UpdatedAt = now;
        }
        if (entity is ITenantOwned owned)
        {
            owned.OrganizationId = tenant.RequiredOrganizationId;
        }
        if (entity is IUserStamped stamped)
        {
            stamped.CreatedBy = tenant.UserId;
            stamped.UpdatedBy = tenant.UserId;
        }
    }

    private static void StampModified(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, TenantContext tenant, TimeProvider clock)
    {
        if (entry.Entity is Entity e)
        {
            // The original value stays the concurrency token of the UPDATE (ModelConventions).
            e.UpdatedAt = clock.NextStamp((DateTime)entry.Property(nameof(Entity.UpdatedAt)).OriginalValue!);
            entry.Property(nameof(Entity.CreatedAt)).IsModified = false;
        }
        if (entry.Entity is ITenantOwned)
        {
            entry.Property(nameof(ITenantOwned.OrganizationId)).IsModified = false;
        }
        if (entry.Entity is IUserStamped stamped)
        {
            stamped.UpdatedBy = tenant.UserId ?? stamped.UpdatedBy;
            entry.Property(nameof(IUserStamped.CreatedBy)).IsModified = false;
        }
    }
}
