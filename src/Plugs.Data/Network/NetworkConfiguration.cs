using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plugs.Data.Common;
using Plugs.Data.Contacts;
using Plugs.Data.Users;

namespace Plugs.Data.Network;

internal sealed class ContactRelationshipConfiguration : IEntityTypeConfiguration<ContactRelationship>
{
    private const string EdgeFrom = "EdgeFromId";
    private const string EdgeTo = "EdgeToId";

    public void Configure(EntityTypeBuilder<ContactRelationship> b)
    {
        b.ToTable("contact_relationships", t =>
        {
            t.HasCheckConstraint("contact_relationships_not_self", "from_contact_id <> to_contact_id");
            t.HasCheckConstraint("contact_relationships_strength_check", "strength >= 1 AND strength <= 5");
            t.HasCheckConstraint("contact_relationships_type_check", EnumNames.CheckIn<RelationshipType>("relationship_type"));
        });
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.HasOne<Contact>().WithMany().HasForeignKey(x => x.FromContactId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Contact>().WithMany().HasForeignKey(x => x.ToContactId).OnDelete(DeleteBehavior.Cascade);
        b.HasUserStamps();
        b.Property(x => x.RelationshipType).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<RelationshipType>>().HasDefaultValue(RelationshipType.Knows);
        b.Property(x => x.Strength).HasDefaultValue(3);
        // One live edge per (from, to, type), and per pair for a symmetric type: the key columns are
        // the two ends in ascending order for symmetric types, (from, to) otherwise. Computed by the
        // database, so every write (a save, a merge's re-pointing, a type change) keeps the rule,
        // and the unique index decides between concurrent creates of A→B and B→A.
        var symmetric = string.Join(", ", RelationshipTypes.Symmetric.Select(t => $"'{EnumNames.Of(t)}'"));
        var swapped = $"relationship_type IN ({symmetric}) AND to_contact_id < from_contact_id";
        b.Property<Guid>(EdgeFrom).HasColumnName("edge_from_id").HasComputedColumnSql($"CASE WHEN {swapped} THEN to_contact_id ELSE from_contact_id END", stored: true);
        b.Property<Guid>(EdgeTo).HasColumnName("edge_to_id").HasComputedColumnSql($"CASE WHEN {swapped} THEN from_contact_id ELSE to_contact_id END", stored: true);
        b.HasIndex([EdgeFrom, EdgeTo, nameof(ContactRelationship.RelationshipType)], "contact_relationships_edge_key")
            .HasDatabaseName("contact_relationships_edge_key").IsUnique().HasFilter(Sql.NotDeleted);
        // Walking the graph in both directions from a contact.
        b.HasIndex(x => new { x.OrganizationId, x.FromContactId }, "idx_contact_relationships_from").HasDatabaseName("idx_contact_relationships_from").HasFilter(Sql.NotDeleted);
        b.HasIndex(x => new { x.OrganizationId, x.ToContactId }, "idx_contact_relationships_to").HasDatabaseName("idx_contact_relationships_to").HasFilter(Sql.NotDeleted);
    }
}

internal sealed class IntroductionConfiguration : IEntityTypeConfiguration<Introduction>
{
    public void Configure(EntityTypeBuilder<Introduction> b)
    {
        b.ToTable("introductions", t =>
        {
            t.HasCheckConstraint("introductions_not_self", "plug_contact_id <> target_contact_id");
            t.HasCheckConstraint("introductions_status_check", EnumNames.CheckIn<IntroductionStatus>("status"));
        });
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.RequestedBy).OnDelete(DeleteBehavior.NoAction);
        b.HasOne<Contact>().WithMany().HasForeignKey(x => x.PlugContactId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Contact>().WithMany().HasForeignKey(x => x.TargetContactId).OnDelete(DeleteBehavior.Cascade);
        b.HasUserStamps();
        b.Property(x => x.Status).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<IntroductionStatus>>().HasDefaultValue(IntroductionStatus.Requested);
        b.HasIndex(x => new { x.OrganizationId, x.TargetContactId }, "idx_introductions_target").HasDatabaseName("idx_introductions_target").HasFilter(Sql.NotDeleted);
        b.HasIndex(x => new { x.OrganizationId, x.PlugContactId }, "idx_introductions_plug").HasDatabaseName("idx_introductions_plug").HasFilter(Sql.NotDeleted);
    }
}
