using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plugs.Data.Common;
using Plugs.Data.Users;

namespace Plugs.Data.Contacts;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.ToTable("contacts", t =>
        {
            t.HasCheckConstraint("contacts_contact_type_check", EnumNames.CheckIn<ContactType>("contact_type"));
            t.HasCheckConstraint("contacts_status_check", EnumNames.CheckIn<ContactStatus>("status"));
            t.HasCheckConstraint("contacts_priority_check", EnumNames.CheckIn<ContactPriority>("priority"));
            t.HasCheckConstraint("contacts_lead_score_check", "lead_score >= 0 AND lead_score <= 100");
            t.HasCheckConstraint("contacts_lead_score_source_check", EnumNames.CheckIn<LeadScoreSource>("lead_score_source"));
        });
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.Property(x => x.CreatedBy).IsRequired();
        b.HasUserStamps();
        b.Property(x => x.FirstName).HasMaxLength(50);
        b.Property(x => x.LastName).HasMaxLength(50);
        b.Property(x => x.Email).HasMaxLength(255);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.Company).HasMaxLength(100);
        b.Property(x => x.JobTitle).HasMaxLength(100);
        b.Property(x => x.LinkedinUrl).HasMaxLength(255);
        b.Property(x => x.LinkedinKey).HasMaxLength(255);
        b.Property(x => x.ExternalUid).HasMaxLength(255);
        b.Property(x => x.AvatarUrl).HasMaxLength(500);
        b.Property(x => x.ContactType).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<ContactType>>()
            .HasDefaultValue(ContactType.Target);
        b.Property(x => x.Status).HasMaxLength(30).HasConversion<SnakeCaseEnumConverter<ContactStatus>>()
            .HasDefaultValue(ContactStatus.ColdLead);
        b.Property(x => x.Priority).HasMaxLength(10).HasConversion<SnakeCaseEnumConverter<ContactPriority>>()
            .HasDefaultValue(ContactPriority.Medium);
        b.Property(x => x.BusinessType).HasMaxLength(50);
        b.Property(x => x.NetworkType).HasMaxLength(50);
        b.Property(x => x.Industry).HasMaxLength(100);
        b.Property(x => x.Metadata).HasColumnType(ColumnTypes.Json).HasDefaultValueSql("'{}'");
        b.Property(x => x.LeadScore).HasDefaultValue(0);
        // The application always says (new contacts are derived); the column's default is for rows
        // that never did — those stored before the column existed keep their score as it was.
        b.Property(x => x.LeadScoreSource).HasMaxLength(10).HasConversion<SnakeCaseEnumConverter<LeadScoreSource>>()
            .HasDefaultValue(LeadScoreSource.Manual);
        b.HasIndex(x => x.OrganizationId, "idx_contacts_organization").HasDatabaseName("idx_contacts_organization").HasFilter(Sql.NotDeleted);
        b.HasIndex(x => new { x.ContactType, x.Status }, "idx_contacts_type_status").HasDatabaseName("idx_contacts_type_status").HasFilter(Sql.NotDeleted);
        // Tenant-led: every list is "this organization's contacts, newest first", paged.
        b.HasIndex(x => new { x.OrganizationId, x.CreatedAt, x.Id }, "idx_contacts_org_created").HasDatabaseName("idx_contacts_org_created").HasFilter(Sql.NotDeleted);
        // The list's commonest filter, paged newest first, with an exact count from the same index.
        b.HasIndex(x => new { x.OrganizationId, x.ContactType, x.Status, x.CreatedAt, x.Id }, "idx_contacts_org_type_status_created")
            .HasDatabaseName("idx_contacts_org_type_status_created").HasFilter(Sql.NotDeleted);
        // The exact total of a type/status filter. Without the sort columns, PostgreSQL's btree
        // deduplication packs a tenant's rows into a few pages (8 MB against 115 MB per million
        // contacts), which halves the cost of the count the list sends with every page.
        b.HasIndex(x => new { x.OrganizationId, x.ContactType, x.Status }, "idx_contacts_org_type_status")
            .HasDatabaseName("idx_contacts_org_type_status").HasFilter(Sql.NotDeleted);
        b.HasIndex(x => new { x.OrganizationId, x.Email }, "idx_contacts_org_email").HasDatabaseName("idx_contacts_org_email").HasFilter(Sql.NotDeleted);
        // An import matches its rows by LinkedIn profile, then e-mail, then UID: each an index lookup.
        b.HasIndex(x => new { x.OrganizationId, x.LinkedinKey }, "idx_contacts_org_linkedin_key").HasDatabaseName("idx_contacts_org_linkedin_key")
            .HasFilter($"{Sql.NotDeleted} AND linkedin_key IS NOT NULL");
        b.HasIndex(x => new { x.OrganizationId, x.ExternalUid }, "idx_contacts_org_external_uid").HasDatabaseName("idx_contacts_org_external_uid")
            .HasFilter($"{Sql.NotDeleted} AND external_uid IS NOT NULL");
        // The list's commonest other sort orders, in the order they page (the key, then the id in
        // the same direction; read backwards for descending): the first page of a 100,000-contact
        // organization sorted by last name took 106-173 ms sorting the whole tenant, 14-23 ms with
        // these (the exact count is the rest). Sorting by first_name or updated_at still sorts; an
        // index for every order would cost each write more (bench/README.md, import).
        foreach (var (name, key) in SortIndexes)
        {
            b.HasIndex([nameof(Contact.OrganizationId), key, nameof(Contact.Id)], name).HasDatabaseName(name).HasFilter(Sql.NotDeleted);
        }
    }

    /// <summary>The sort orders besides <c>created_at</c> that have a tenant-led index of their own.</summary>
    public static readonly (string Name, string Property)[] SortIndexes =
    [
        ("idx_contacts_org_last_name", nameof(Contact.LastName)),
        ("idx_contacts_org_company", nameof(Contact.Company)),
        ("idx_contacts_org_lead_score", nameof(Contact.LeadScore)),
        ("idx_contacts_org_last_interaction", nameof(Contact.LastInteraction)),
    ];
}

internal sealed class ContactInteractionConfiguration : IEntityTypeConfiguration<ContactInteraction>
{
    public void Configure(EntityTypeBuilder<ContactInteraction> b)
    {
        b.ToTable("contact_interactions", t =>
        {
            t.HasCheckConstraint("contact_interactions_interaction_type_check", EnumNames.CheckIn<InteractionType>("interaction_type"));
            t.HasCheckConstraint("contact_interactions_status_check", EnumNames.CheckIn<InteractionStatus>("status"));
        });
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.NoAction);
        b.Property(x => x.InteractionType).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<InteractionType>>();
        b.Property(x => x.Status).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<InteractionStatus>>()
            .HasDefaultValue(InteractionStatus.Completed);
        b.Property(x => x.Subject).HasMaxLength(255);
        b.Property(x => x.Metadata).HasColumnType(ColumnTypes.Json).HasDefaultValueSql("'{}'");
        b.HasIndex(x => x.ContactId, "idx_contact_interactions_contact").HasDatabaseName("idx_contact_interactions_contact").HasFilter(Sql.NotDeleted);
        // Follow-ups: scheduled interactions of an organization by date.
        b.HasIndex(x => new { x.OrganizationId, x.Status, x.InteractionDate }, "idx_contact_interactions_org_status_date")
            .HasDatabaseName("idx_contact_interactions_org_status_date").HasFilter(Sql.NotDeleted);
    }
}
