using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plugs.Data.Common;
using Plugs.Data.Users;

namespace Plugs.Data.Auth;

internal sealed class RefreshTokenFamilyConfiguration : IEntityTypeConfiguration<RefreshTokenFamily>
{
    public void Configure(EntityTypeBuilder<RefreshTokenFamily> b)
    {
        b.ToTable("refresh_token_families");
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.RevokedReason).HasMaxLength(50);
        b.Property(x => x.UserAgent).HasMaxLength(500);
        b.Property(x => x.IpAddress).HasMaxLength(45);
        b.HasIndex(x => new { x.OrganizationId, x.UserId }, "idx_refresh_token_families_user").HasDatabaseName("idx_refresh_token_families_user").HasFilter("revoked_at IS NULL");
    }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> b)
    {
        b.ToTable("refresh_tokens");
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.HasOne<RefreshTokenFamily>().WithMany().HasForeignKey(x => x.FamilyId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.TokenHash).HasMaxLength(64).IsFixedLength();
        b.HasIndex(x => x.TokenHash, "refresh_tokens_token_hash_key").HasDatabaseName("refresh_tokens_token_hash_key").IsUnique();
        b.HasIndex(x => x.FamilyId, "idx_refresh_tokens_family").HasDatabaseName("idx_refresh_tokens_family");
    }
}

internal sealed class UserTokenConfiguration : IEntityTypeConfiguration<UserToken>
{
    public void Configure(EntityTypeBuilder<UserToken> b)
    {
        b.ToTable("user_tokens", t => t.HasCheckConstraint("user_tokens_purpose_check",
            $"purpose IN ('{UserToken.VerifyEmail}', '{UserToken.ResetPassword}')"));
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Purpose).HasMaxLength(20);
        b.Property(x => x.TokenHash).HasMaxLength(64).IsFixedLength();
        b.HasIndex(x => x.TokenHash, "user_tokens_token_hash_key").HasDatabaseName("user_tokens_token_hash_key").IsUnique();
        b.HasIndex(x => new { x.UserId, x.Purpose }, "idx_user_tokens_user_purpose").HasDatabaseName("idx_user_tokens_user_purpose").HasFilter("consumed_at IS NULL");
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.ToTable("invitations");
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.HasUserStamps();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.AcceptedUserId).OnDelete(DeleteBehavior.NoAction);
        b.Property(x => x.Email).HasMaxLength(255);
        b.Property(x => x.TokenHash).HasMaxLength(64).IsFixedLength();
        b.HasIndex(x => x.TokenHash, "invitations_token_hash_key").HasDatabaseName("invitations_token_hash_key").IsUnique();
        // At most one open invitation per address in an organization.
        b.HasIndex(x => new { x.OrganizationId, x.Email }, "invitations_open_email_key").HasDatabaseName("invitations_open_email_key").IsUnique()
            .HasFilter("accepted_at IS NULL AND revoked_at IS NULL");
    }
}
