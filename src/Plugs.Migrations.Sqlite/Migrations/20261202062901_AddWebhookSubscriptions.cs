using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plugs.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddWebhookSubscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "webhook_subscriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    event_types = table.Column<string>(type: "TEXT", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: true),
                    secret_encrypted = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    previous_secret_encrypted = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    previous_secret_expires_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    consecutive_failures = table.Column<int>(type: "INTEGER", nullable: false),
                    disabled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    disabled_reason = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    updated_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    is_deleted = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: false),
                    deleted_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_subscriptions", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhook_subscriptions_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_webhook_subscriptions_users_created_by",
                        column: x => x.created_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_webhook_subscriptions_users_updated_by",
                        column: x => x.updated_by,
                        principalTable: "users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateIndex(
                name: "idx_webhook_subscriptions_org_created",
                table: "webhook_subscriptions",
                columns: new[] { "organization_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_subscriptions_created_by",
                table: "webhook_subscriptions",
                column: "created_by");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_subscriptions_updated_by",
                table: "webhook_subscriptions",
                column: "updated_by");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "webhook_subscriptions");
        }
    }
}
