using Plugs.Data.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plugs.Data.Common;
using Plugs.Data.Users;

namespace Plugs.Data.Events;

/// <summary>
/// The secret in a user's calendar subscription URL (calendar apps cannot send bearer tokens).
/// Only its SHA-256 is stored; a user has at most one live token, and revoking it kills the URL.
/// </summary>
public sealed class CalendarFeedToken : Entity, ITenantOwned
{
    public Guid OrganizationId { get; set; }
    public Guid UserId { get; set; }
    [AuditRedacted]
    public required string TokenHash { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}

internal sealed class CalendarFeedTokenConfiguration : IEntityTypeConfiguration<CalendarFeedToken>
{
    public void Configure(EntityTypeBuilder<CalendarFeedToken> b)
    {
        b.ToTable("calendar_feed_tokens");
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.TokenHash).HasMaxLength(64).IsFixedLength();
        b.HasIndex(x => x.TokenHash, "calendar_feed_tokens_token_hash_key").HasDatabaseName("calendar_feed_tokens_token_hash_key").IsUnique();
        b.HasIndex(x => new { x.OrganizationId, x.UserId }, "calendar_feed_tokens_live_user_key").HasDatabaseName("calendar_feed_tokens_live_user_key")
            .IsUnique().HasFilter("revoked_at IS NULL");
    }
}
