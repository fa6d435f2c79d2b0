using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plugs.Data.Common;

namespace Plugs.Data.Organizations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("organizations");
        b.HasGuideDefaults();
        b.Property(x => x.Name).HasMaxLength(255);
        b.Property(x => x.Domain).HasMaxLength(255);
        b.HasIndex(x => x.Domain, "organizations_domain_key").HasDatabaseName("organizations_domain_key").IsUnique();
        b.Property(x => x.SubscriptionPlan).HasMaxLength(50).HasDefaultValue("free");
        b.Property(x => x.Settings).HasColumnType(ColumnTypes.Json).HasDefaultValueSql("'{}'");
        b.Property(x => x.IsActive).HasDefaultValue(true);
        b.HasIndex(x => x.Domain, "idx_organizations_domain").HasDatabaseName("idx_organizations_domain").HasFilter(Sql.NotDeleted);
    }
}
