using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Plugs.Data.Auth;
using Plugs.Data.Common;
using Plugs.Data.Contacts;
using Plugs.Data.Events;
using Plugs.Data.Network;
using Plugs.Data.Organizations;
using Plugs.Data.Tenancy;
using Plugs.Data.Users;
using Plugs.Data.Webhooks;

namespace Plugs.Data;

/// <summary>
/// The one context for both providers. Provider differences live in model building
/// (<see cref="ModelConventions.AdaptToSqlite"/>); tenancy lives in the query filters and the
/// interceptors, never in individual queries.
/// </summary>
public sealed class PlugsDbContext(DbContextOptions<PlugsDbContext> options)
    : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>
    /// The unit of work's tenant. Contexts are pooled, so the API hands each rented context the
    /// request's <see cref="TenantContext"/> (see <c>DatabaseSetup</c>); a context built by hand
    /// starts with an empty one, which sees no tenant rows.
    /// </summary>
    public TenantContext Tenant { get; set; } = new();

    /// <summary>The clock set-based writes stamp with (<see cref="StampedUpdates"/>); the API hands each rented context its own.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The request behind this unit of work, for its audit rows (<see cref="Audit.AuditTrail"/>); the API hands each rented context its own.</summary>
    public Audit.RequestOrigin Origin { get; set; } = new();

    /// <summary>Set when a statement of this unit of work failed in PostgreSQL (<see cref="FailedStatementGuard"/>).</summary>
    internal bool SawServerError { get; set; }

    /// <summary>Results read ahead for queries this unit of work is about to run (<see cref="QueryBatch"/>).</summary>
    internal List<PrefetchedRead> Prefetched { get; } = [];

    /// <summary>Read by the tenant query filter on every query; null means "no tenant": nothing is visible.</summary>
    public Guid? CurrentOrganizationId => Tenant.OrganizationId;

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<User> Users => Set<User>();
    public DbSet<RefreshTokenFamily> RefreshTokenFamilies => Set<RefreshTokenFamily>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<UserToken> UserTokens => Set<UserToken>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<ContactInteraction> ContactInteractions => Set<ContactInteraction>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<ContactTag> ContactTags => Set<ContactTag>();
    public DbSet<ContactImport> ContactImports => Set<ContactImport>();
    public DbSet<ContactImportRow> ContactImportRows => Set<ContactImportRow>();
    public DbSet<ContactRelationship> ContactRelationships => Set<ContactRelationship>();
    public DbSet<Introduction> Introductions => Set<Introduction>();
    public DbSet<Event> Events => Set<Event>();
    public DbSet<CalendarFeedToken> CalendarFeedTokens => Set<CalendarFeedToken>();
    public DbSet<EventAttendee> EventAttendees => Set<EventAttendee>();
    public DbSet<EventAgendaItem> EventAgendaItems => Set<EventAgendaItem>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<Plugs.Data.Jobs.JobRun> JobRuns => Set<Plugs.Data.Jobs.JobRun>();
    public DbSet<Audit.AuditLog> AuditLogs => Set<Audit.AuditLog>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite hands DateTime back as Unspecified; everything we store is UTC.
            configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
            configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlugsDbContext).Assembly);
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        modelBuilder.ApplyQueryFilters(this);
        // The organization row is the tenant itself: visible only to its own members.
        modelBuilder.Entity<Organization>().HasQueryFilter(ModelConventions.TenantFilterName, o => o.Id == CurrentOrganizationId);
        modelBuilder.SendEveryValue();
        modelBuilder.CheckUpdatedAtOnEveryWrite();
        if (Database.IsNpgsql())
        {
            modelBuilder.HasPostgresExtension("uuid-ossp").HasPostgresExtension("pgcrypto").HasPostgresExtension("pg_trgm")
                .HasPostgresExtension("btree_gin");
            // Substring search (LIKE '%…%') over the folded search text: a tenant-led trigram GIN
            // index (btree_gin puts the organization in the same index), read through
            // ContactSearch.Function, because row-level security keeps LIKE away from indexes.
            // Every search also scans the index's pending list (rows inserted since its last
            // cleanup): at PostgreSQL's default 4 MB limit that halved search throughput after
            // an import; at 1 MB it costs too little to measure, and imports are as fast.
            modelBuilder.Entity<Contact>().HasIndex(c => new { c.OrganizationId, c.SearchText }, "idx_contacts_org_search_trgm")
                .HasDatabaseName("idx_contacts_org_search_trgm").HasMethod("gin").HasOperators("uuid_ops", "gin_trgm_ops")
                .HasFilter(Sql.NotDeleted).HasStorageParameter("gin_pending_list_limit", 1024);
        }
        else
        {
            modelBuilder.AdaptToSqlite();
        }
    }
}
