using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Plugs.Data.Common;

/// <summary>Column types written once in PostgreSQL terms; <see cref="ModelConventions.AdaptToSqlite"/> translates them.</summary>
public static class ColumnTypes
{
    public const string Json = "jsonb";
}

/// <summary>SQL fragments that read the same on PostgreSQL and SQLite.</summary>
public static class Sql
{
    public const string NotDeleted = "NOT is_deleted";
    public const string Now = "now()";
    public const string NewUuid = "uuid_generate_v4()";
}

public static class ModelConventions
{
    /// <summary>The guide's common columns: uuid default, timestamps defaulting to now, soft-delete flag.</summary>
    public static EntityTypeBuilder<T> HasGuideDefaults<T>(this EntityTypeBuilder<T> b) where T : Entity
    {
        b.Property(x => x.Id).HasDefaultValueSql(Sql.NewUuid).ValueGeneratedNever();
        b.Property(x => x.CreatedAt).HasDefaultValueSql(Sql.Now);
        b.Property(x => x.UpdatedAt).HasDefaultValueSql(Sql.Now);
        if (typeof(ISoftDeletable).IsAssignableFrom(typeof(T)))
        {
            b.Property(nameof(ISoftDeletable.IsDeleted)).HasDefaultValue(false);
        }
        return b;
    }

    /// <summary><c>organization_id</c> → organizations, rows going with their organization.</summary>
    public static EntityTypeBuilder<T> BelongsToOrganization<T>(this EntityTypeBuilder<T> b) where T : class, ITenantOwned
    {
        b.HasOne<Organizations.Organization>().WithMany().HasForeignKey(nameof(ITenantOwned.OrganizationId)).OnDelete(DeleteBehavior.Cascade);
        return b;
    }

    /// <summary><c>created_by</c> / <c>updated_by</c> → users; a user's deletion is soft, so these never dangle.</summary>
    public static EntityTypeBuilder<T> HasUserStamps<T>(this EntityTypeBuilder<T> b) where T : class, IUserStamped
    {
        b.HasOne<Users.User>().WithMany().HasForeignKey(nameof(IUserStamped.CreatedBy)).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<Users.User>().WithMany().HasForeignKey(nameof(IUserStamped.UpdatedBy)).OnDelete(DeleteBehavior.NoAction);
        return b;
    }

    /// <summary>
    /// SQLite has no jsonb, now() or uuid_generate_v4(): store JSON as TEXT, default timestamps
    /// to CURRENT_TIMESTAMP, leave ids to the application (which always sets them anyway) and make
    /// generated columns VIRTUAL.
    /// </summary>
    public static void AdaptToSqlite(this ModelBuilder modelBuilder)
    {
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.GetColumnType() == ColumnTypes.Json)
            {
                property.SetColumnType("TEXT");
            }
            // SQLite cannot add a STORED generated column to an existing table; VIRTUAL is computed on read (and can be indexed).
            if (property.GetComputedColumnSql() is not null)
            {
                property.SetIsStored(false);
            }
            switch (property.GetDefaultValueSql())
            {
                case Sql.Now:
                    property.SetDefaultValueSql("CURRENT_TIMESTAMP");
                    break;
                case Sql.NewUuid:
                    property.SetDefaultValueSql(null);
                    break;
            }
        }
    }

    /// <summary>
    /// Database defaults exist for raw SQL and for the guide's DDL, but the application always sends
    /// its own values: otherwise EF would treat <c>is_active = false</c> as "unset" and let the
    /// column default turn it into true.
    /// </summary>
    public static void SendEveryValue(this ModelBuilder modelBuilder)
    {
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            // A generated column is the database's to write (GetDefaultValue reports the CLR default for it).
            if (property.GetComputedColumnSql() is null && (property.GetDefaultValueSql() is not null || property.GetDefaultValue() is not null))
            {
                property.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
            }
        }
    }

    /// <summary>
    /// <c>updated_at</c> is every entity's concurrency token: EF writes each UPDATE and DELETE as
    /// <c>… WHERE id = @id AND updated_at = @read</c> and fails the save when no row matched, so a row
    /// changed by anyone since this unit of work read it is never overwritten. Handlers compare
    /// <c>If-Match</c> with the row they read (<c>ETags.CheckIfMatch</c>); this makes that check
    /// atomic with the write: of N writers holding the same ETag exactly one wins (the others get 412).
    /// The stamp always moves forward (<see cref="Timestamps.NextStamp"/>), so two writes never leave
    /// the same value behind.
    /// </summary>
    public static void CheckUpdatedAtOnEveryWrite(this ModelBuilder modelBuilder)
    {
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(e => typeof(Entity).IsAssignableFrom(e.ClrType)))
        {
            entityType.FindProperty(nameof(Entity.UpdatedAt))!.IsConcurrencyToken = true;
        }
    }

    /// <summary>Soft-deleted rows and other tenants' rows are invisible to every query by default.</summary>
    public static void ApplyQueryFilters(this ModelBuilder modelBuilder, PlugsDbContext context)
    {
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(e => e.BaseType is null))
        {
            var clr = entityType.ClrType;
            if (typeof(ITenantOwned).IsAssignableFrom(clr))
            {
                typeof(ModelConventions).GetMethod(nameof(TenantFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                    .MakeGenericMethod(clr).Invoke(null, [modelBuilder, context]);
            }
            if (typeof(ISoftDeletable).IsAssignableFrom(clr))
            {
                typeof(ModelConventions).GetMethod(nameof(SoftDeleteFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                    .MakeGenericMethod(clr).Invoke(null, [modelBuilder]);
            }
        }
    }

    public const string TenantFilterName = "Tenant";
    public const string SoftDeleteFilterName = "SoftDelete";

    private static void TenantFilter<T>(ModelBuilder modelBuilder, PlugsDbContext context) where T : class, ITenantOwned =>
        modelBuilder.Entity<T>().HasQueryFilter(TenantFilterName, e => e.OrganizationId == context.CurrentOrganizationId);

    private static void SoftDeleteFilter<T>(ModelBuilder modelBuilder) where T : class, ISoftDeletable =>
        modelBuilder.Entity<T>().HasQueryFilter(SoftDeleteFilterName, e => !e.IsDeleted);
}
