using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Plugs.Data.Common;
using Plugs.Data.Users;

namespace Plugs.Data.Contacts;

internal sealed class ContactImportConfiguration : IEntityTypeConfiguration<ContactImport>
{
    public void Configure(EntityTypeBuilder<ContactImport> b)
    {
        b.ToTable("contact_imports", t =>
        {
            t.HasCheckConstraint("contact_imports_status_check", EnumNames.CheckIn<ContactImportStatus>("status"));
            t.HasCheckConstraint("contact_imports_format_check", "format IN ('linkedin', 'csv', 'vcard')");
        });
        b.HasGuideDefaults();
        b.BelongsToOrganization();
        b.HasUserStamps();
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UndoneBy).OnDelete(DeleteBehavior.NoAction);
        b.Property(x => x.FileName).HasMaxLength(255);
        b.Property(x => x.Format).HasMaxLength(20);
        b.Property(x => x.Status).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<ContactImportStatus>>()
            .HasDefaultValue(ContactImportStatus.Running);
        // The list: this organization's imports, newest first.
        b.HasIndex(x => new { x.OrganizationId, x.CreatedAt, x.Id }, "idx_contact_imports_org_created").HasDatabaseName("idx_contact_imports_org_created");
    }
}

internal sealed class ContactImportRowConfiguration : IEntityTypeConfiguration<ContactImportRow>
{
    public void Configure(EntityTypeBuilder<ContactImportRow> b)
    {
        b.ToTable("contact_import_rows", t =>
            t.HasCheckConstraint("contact_import_rows_action_check", EnumNames.CheckIn<ContactImportAction>("action")));
        b.HasKey(x => new { x.ImportId, x.Line });
        b.BelongsToOrganization();
        b.HasOne<ContactImport>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Action).HasMaxLength(20).HasConversion<SnakeCaseEnumConverter<ContactImportAction>>();
        b.Property(x => x.Changes).HasColumnType(ColumnTypes.Json);
    }
}
