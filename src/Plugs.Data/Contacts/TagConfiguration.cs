using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plugs.Data.Common;

namespace Plugs.Data.Contacts;

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public const string NormalizedNameKey = "tags_org_normalized_name_key";

    public void Configure(EntityTypeBuilder<Tag> b)
    {
        b.ToTable("tags", t => t.HasCheckConstraint("tags_color_check", "color IS NULL OR (length(color) = 7 AND substr(color, 1, 1) = '#')"));
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.HasUserStamps();
        b.Property(x => x.Name).HasMaxLength(50);
        b.Property(x => x.Color).HasMaxLength(7);
        b.Property(x => x.NormalizedName).HasMaxLength(50);
        // Names are unique ignoring case; get-or-create meets a concurrent insert here (ContactTags).
        b.HasIndex(x => new { x.OrganizationId, x.NormalizedName }, NormalizedNameKey).HasDatabaseName(NormalizedNameKey).IsUnique();
    }
}

internal sealed class ContactTagConfiguration : IEntityTypeConfiguration<ContactTag>
{
    public void Configure(EntityTypeBuilder<ContactTag> b)
    {
        b.ToTable("contact_tags");
        b.HasKey(x => new { x.ContactId, x.TagId });
        b.Property(x => x.CreatedAt).HasDefaultValueSql(Sql.Now);
        b.BelongsToOrganization();
        b.HasOne<Contact>().WithMany().HasForeignKey(x => x.ContactId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tag>().WithMany().HasForeignKey(x => x.TagId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.OrganizationId, x.TagId, x.ContactId }, "idx_contact_tags_org_tag").HasDatabaseName("idx_contact_tags_org_tag");
    }
}
