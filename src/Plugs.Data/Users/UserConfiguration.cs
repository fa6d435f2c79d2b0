using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plugs.Data.Common;

namespace Plugs.Data.Users;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.ToTable("users");
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.Property(x => x.Email).HasMaxLength(255);
        b.Property(x => x.PasswordHash).HasMaxLength(255);
        b.Property(x => x.FirstName).HasMaxLength(50);
        b.Property(x => x.LastName).HasMaxLength(50);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.AvatarUrl).HasMaxLength(500);
        b.Property(x => x.JobTitle).HasMaxLength(100);
        b.Property(x => x.Company).HasMaxLength(100);
        b.Property(x => x.LinkedinUrl).HasMaxLength(255);
        b.Property(x => x.IsActive).HasDefaultValue(true);
        b.Property(x => x.IsVerified).HasDefaultValue(false);
        b.Property(x => x.IsAdmin).HasDefaultValue(false);
        b.HasUserStamps();
        b.HasIndex(x => new { x.OrganizationId, x.Email }, "users_unique_email_per_org").HasDatabaseName("users_unique_email_per_org").IsUnique();
        b.HasIndex(x => x.OrganizationId, "idx_users_organization").HasDatabaseName("idx_users_organization").HasFilter(Sql.NotDeleted);
        b.HasIndex(x => x.Email, "idx_users_email").HasDatabaseName("idx_users_email").HasFilter(Sql.NotDeleted);
    }
}
