using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plugs.Data.Common;

namespace Plugs.Data.Audit;

internal sealed class AuditLogConfiguration : IEntityTypeConfiguration<AuditLog>
{
    public void Configure(EntityTypeBuilder<AuditLog> b)
    {
        b.ToTable("audit_logs", t => t.HasCheckConstraint("audit_logs_affected_count_check", "affected_count IS NULL OR affected_count >= 0"));
        b.Property(x => x.Id).HasDefaultValueSql(Sql.NewUuid).ValueGeneratedNever();
        b.Property(x => x.CreatedAt).HasDefaultValueSql(Sql.Now);
        b.BelongsToOrganization();
        // No foreign key to users: the trail outlives what it describes, and rows are never rewritten.
        b.Property(x => x.Action).HasMaxLength(50);
        b.Property(x => x.EntityType).HasMaxLength(100);
        b.Property(x => x.OldValues).HasColumnType(ColumnTypes.Json);
        b.Property(x => x.NewValues).HasColumnType(ColumnTypes.Json);
        b.Property(x => x.IpAddress).HasMaxLength(45);
        b.Property(x => x.UserAgent).HasMaxLength(500);
        b.Property(x => x.RequestId).HasMaxLength(128);
        // The list (newest first, optionally by action or user) and an entity's history, each tenant-led.
        b.HasIndex(x => new { x.OrganizationId, x.CreatedAt }, "idx_audit_logs_org_created").HasDatabaseName("idx_audit_logs_org_created");
        b.HasIndex(x => new { x.OrganizationId, x.EntityType, x.EntityId, x.CreatedAt }, "idx_audit_logs_org_entity")
            .HasDatabaseName("idx_audit_logs_org_entity");
        b.HasIndex(x => new { x.OrganizationId, x.UserId, x.CreatedAt }, "idx_audit_logs_org_user").HasDatabaseName("idx_audit_logs_org_user");
        b.HasIndex(x => new { x.OrganizationId, x.Action, x.CreatedAt }, "idx_audit_logs_org_action").HasDatabaseName("idx_audit_logs_org_action");
        // Retention deletes by age across organizations.
        b.HasIndex(x => x.CreatedAt, "idx_audit_logs_created").HasDatabaseName("idx_audit_logs_created");
    }
}
