using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plugs.Migrations.Sqlite.Migrations
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
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "linkedin_key",
                table: "contacts",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "contact_imports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    format = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false, defaultValue: "running"),
                    total_rows = table.Column<int>(type: "INTEGER", nullable: false),
                    created_count = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_count = table.Column<int>(type: "INTEGER", nullable: false),
                    unchanged_count = table.Column<int>(type: "INTEGER", nullable: false),
                    skipped_count = table.Column<int>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    undone_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    undone_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    updated_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
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
                    import_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    line = table.Column<int>(type: "INTEGER", nullable: false),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    contact_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", nullable: true),
                    changes = table.Column<string>(type: "TEXT", nullable: true)
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

            // The profile key of the contacts already stored (LinkedInProfile.Key in SQL): lower
            // case, no scheme, no www., the slug up to the first '/', '?' or '#'.
            migrationBuilder.Sql("""
                UPDATE contacts SET linkedin_key = k.profile_key
                FROM (SELECT id, CASE WHEN slug <> '' THEN 'linkedin.com/in/' || slug END AS profile_key
                    FROM (SELECT id, CASE WHEN instr(s2, '#') > 0 THEN substr(s2, 1, instr(s2, '#') - 1) ELSE s2 END AS slug
                    FROM (SELECT id, CASE WHEN instr(s1, '?') > 0 THEN substr(s1, 1, instr(s1, '?') - 1) ELSE s1 END AS s2
                    FROM (SELECT id, CASE WHEN instr(rest, '/') > 0 THEN substr(rest, 1, instr(rest, '/') - 1) ELSE rest END AS s1
                    FROM (SELECT id, CASE WHEN substr(h, 1, 16) = 'linkedin.com/in/' THEN substr(h, 17) ELSE '' END AS rest
                    FROM (SELECT id, CASE WHEN substr(u, 1, 4) = 'www.' THEN substr(u, 5) ELSE u END AS h
                    FROM (SELECT id, CASE WHEN substr(t, 1, 8) = 'https://' THEN substr(t, 9) WHEN substr(t, 1, 7) = 'http://' THEN substr(t, 8) ELSE t END AS u
                    FROM (SELECT id, lower(trim(linkedin_url)) AS t FROM contacts WHERE linkedin_url IS NOT NULL)))))))) AS k
                WHERE contacts.id = k.id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
