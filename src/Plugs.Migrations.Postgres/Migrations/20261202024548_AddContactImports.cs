using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Plugs.Data.Tenancy;

#nullable disable

namespace Plugs.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddContactImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "external_uid",
                table: "contacts",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "linkedin_key",
                table: "contacts",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "contact_imports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "uuid_generate_v4()"),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    format = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, defaultValue: "running"),
                    total_rows = table.Column<int>(type: "integer", nullable: false),
                    created_count = table.Column<int>(type: "integer", nullable: false),
                    updated_count = table.Column<int>(type: "integer", nullable: false),
                    unchanged_count = table.Column<int>(type: "integer", nullable: false),
                    skipped_count = table.Column<int>(type: "integer", nullable: false),
                    completed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    undone_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    undone_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_imports", x => x.id);
                    table.CheckConstraint("contact_imports_format_check", "format IN ('linkedin', 'csv', 'vcard')");
                    table.CheckConstraint("contact_imports_status_check", "status IN ('running', 'completed', 'undone')");
                    table.ForeignKey(
                        name: "fk_contact_imports_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_contact_imports_users_created_by",
                        column: x => x.created_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_contact_imports_users_undone_by",
                        column: x => x.undone_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_contact_imports_users_updated_by",
                        column: x => x.updated_by,
                        principalTable: "users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "contact_import_rows",
                columns: table => new
                {
                    import_id = table.Column<Guid>(type: "uuid", nullable: false),
                    line = table.Column<int>(type: "integer", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    contact_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: true),
                    changes = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_import_rows", x => new { x.import_id, x.line });
                    table.CheckConstraint("contact_import_rows_action_check", "action IN ('created', 'updated', 'unchanged', 'skipped')");
                    table.ForeignKey(
                        name: "fk_contact_import_rows_contact_imports_import_id",
                        column: x => x.import_id,
                        principalTable: "contact_imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_contact_import_rows_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "idx_contacts_org_external_uid",
                table: "contacts",
                columns: new[] { "organization_id", "external_uid" },
                filter: "NOT is_deleted AND external_uid IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "idx_contacts_org_linkedin_key",
                table: "contacts",
                columns: new[] { "organization_id", "linkedin_key" },
                filter: "NOT is_deleted AND linkedin_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_contact_import_rows_organization_id",
                table: "contact_import_rows",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "idx_contact_imports_org_created",
                table: "contact_imports",
                columns: new[] { "organization_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_imports_created_by",
                table: "contact_imports",
                column: "created_by");

            migrationBuilder.CreateIndex(
                name: "ix_contact_imports_undone_by",
                table: "contact_imports",
                column: "undone_by");

            migrationBuilder.CreateIndex(
                name: "ix_contact_imports_updated_by",
                table: "contact_imports",
                column: "updated_by");

            migrationBuilder.EnableTenantRowLevelSecurity("contact_imports");
            migrationBuilder.EnableTenantRowLevelSecurity("contact_import_rows");

            // The profile key of the contacts already stored (LinkedInProfile.Key in SQL). FORCE
            // would hide every row from the owner running this (no tenant is set), so it is lifted
            // for the statement, inside the migration's transaction.
            migrationBuilder.Sql("""
                ALTER TABLE contacts NO FORCE ROW LEVEL SECURITY;
                UPDATE contacts
                SET linkedin_key = 'linkedin.com/in/' || substring(lower(btrim(linkedin_url)) FROM '^(?:https?://)?(?:www\.)?linkedin\.com/in/([^/?#]+)')
                WHERE linkedin_url IS NOT NULL;
                ALTER TABLE contacts FORCE ROW LEVEL SECURITY;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DisableTenantRowLevelSecurity("contact_import_rows");
            migrationBuilder.DisableTenantRowLevelSecurity("contact_imports");

            migrationBuilder.DropTable(
                name: "contact_import_rows");

            migrationBuilder.DropTable(
                name: "contact_imports");

            migrationBuilder.DropIndex(
                name: "idx_contacts_org_external_uid",
                table: "contacts");

            migrationBuilder.DropIndex(
                name: "idx_contacts_org_linkedin_key",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "external_uid",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "linkedin_key",
                table: "contacts");
        }
    }
}
