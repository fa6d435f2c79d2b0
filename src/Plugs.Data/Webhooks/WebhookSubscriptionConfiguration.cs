using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plugs.Data.Common;

namespace Plugs.Data.Webhooks;

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> b)
    {
        b.ToTable("webhook_subscriptions");
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.HasUserStamps();
        b.Property(x => x.Url).HasMaxLength(2048);
        b.Property(x => x.Description).HasMaxLength(255);
        b.Property(x => x.SecretEncrypted).HasMaxLength(1024);
        b.Property(x => x.PreviousSecretEncrypted).HasMaxLength(1024);
        b.Property(x => x.DisabledReason).HasMaxLength(255);
        b.Property(x => x.IsActive).HasDefaultValue(true);
        b.HasIndex(x => new { x.OrganizationId, x.CreatedAt }, "idx_webhook_subscriptions_org_created").HasDatabaseName("idx_webhook_subscriptions_org_created");
    }
}
