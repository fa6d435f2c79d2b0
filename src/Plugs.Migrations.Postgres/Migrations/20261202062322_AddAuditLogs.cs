using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Plugs.Data.Audit;
using Plugs.Data.Tenancy;

#nullable disable

namespace Plugs.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddAuditLogs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_logs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "uuid_generate_v4()"),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    action = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    entity_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    entity_id = table.Column<Guid>(type: "uuid", nullable: true),
                    old_values = table.Column<string>(type: "jsonb", nullable: true),
                    new_values = table.Column<string>(type: "jsonb", nullable: true),
                    affected_count = table.Column<int>(type: "integer", nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    ip_address = table.Column<string>(type: "character varying(45)", maxLength: 45, nullable: true),
                    user_agent = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    request_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_logs", x => x.id);
                    table.CheckConstraint("audit_logs_affected_count_check", "affected_count IS NULL OR affected_count >= 0");
                    table.ForeignKey(
                        name: "fk_audit_logs_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "idx_audit_logs_created",
                table: "audit_logs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "idx_audit_logs_org_action",
                table: "audit_logs",
                columns: new[] { "organization_id", "action", "created_at" });

            migrationBuilder.CreateIndex(
                name: "idx_audit_logs_org_created",
                table: "audit_logs",
                columns: new[] { "organization_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "idx_audit_logs_org_entity",
                table: "audit_logs",
                columns: new[] { "organization_id", "entity_type", "entity_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "idx_audit_logs_org_user",
                table: "audit_logs",
                columns: new[] { "organization_id", "user_id", "created_at" });
            migrationBuilder.EnableTenantRowLevelSecurity("audit_logs");
            migrationBuilder.CreateAuditAppendOnlyOnPostgres();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropAuditAppendOnlyOnPostgres();
            migrationBuilder.DisableTenantRowLevelSecurity("audit_logs");
            migrationBuilder.DropTable(
                name: "audit_logs");
        }
    }
}
