using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plugs.Data.Common;

namespace Plugs.Data.Webhooks;

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> b)
    {
        b.ToTable("webhook_events");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.CreatedAt).HasDefaultValueSql(Sql.Now);
        b.BelongsToOrganization();
        b.Property(x => x.EventType).HasMaxLength(100);
        b.HasOne<WebhookSubscription>().WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        // What the dispatcher reads: an organization's undispatched events, oldest first.
        b.HasIndex(x => new { x.OrganizationId, x.CreatedAt, x.Id }, "idx_webhook_events_undispatched")
            .HasDatabaseName("idx_webhook_events_undispatched").HasFilter("NOT is_dispatched");
        b.HasIndex(x => new { x.OrganizationId, x.CreatedAt }, "idx_webhook_events_org_created").HasDatabaseName("idx_webhook_events_org_created");
        b.HasIndex(x => x.SubscriptionId, "idx_webhook_events_subscription").HasDatabaseName("idx_webhook_events_subscription");
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("webhook_deliveries", t =>
            t.HasCheckConstraint("webhook_deliveries_status_check", EnumNames.CheckIn<WebhookDeliveryStatus>("status")));
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.CreatedAt).HasDefaultValueSql(Sql.Now);
        b.Property(x => x.UpdatedAt).HasDefaultValueSql(Sql.Now);
        b.BelongsToOrganization();
        b.HasOne<WebhookSubscription>().WithMany().HasForeignKey(x => x.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<WebhookEvent>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.EventType).HasMaxLength(100);
        b.Property(x => x.Status).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<WebhookDeliveryStatus>>().HasDefaultValue(WebhookDeliveryStatus.Pending);
        b.Property(x => x.LastError).HasMaxLength(500);
        // An event reaches a subscription once: a second dispatch of it inserts nothing.
        b.HasIndex(x => new { x.SubscriptionId, x.EventId }, "webhook_deliveries_subscription_event_key").IsUnique()
            .HasDatabaseName("webhook_deliveries_subscription_event_key");
        // A subscription's queue in order (claims, the head-of-line check, the deliveries list).
        b.HasIndex(x => new { x.OrganizationId, x.SubscriptionId, x.Sequence }, "idx_webhook_deliveries_queue")
            .HasDatabaseName("idx_webhook_deliveries_queue");
        b.HasIndex(x => new { x.OrganizationId, x.Sequence }, "webhook_deliveries_org_sequence_key").IsUnique()
            .HasDatabaseName("webhook_deliveries_org_sequence_key");
        // What is still to send, by when: the worker's directory of organizations with due work.
        b.HasIndex(x => new { x.NextAttemptAt, x.OrganizationId }, "idx_webhook_deliveries_due")
            .HasDatabaseName("idx_webhook_deliveries_due").HasFilter("status IN ('pending', 'failed')");
        b.HasIndex(x => x.EventId, "idx_webhook_deliveries_event").HasDatabaseName("idx_webhook_deliveries_event");
    }
}
