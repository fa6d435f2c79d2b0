using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plugs.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddWebhookOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "webhook_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    event_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    subscription_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    is_dispatched = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_webhook_events_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_webhook_events_webhook_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "webhook_subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    subscription_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    event_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false, defaultValue: "pending"),
                    attempt_count = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    lease_until = table.Column<DateTime>(type: "TEXT", nullable: true),
                    lease_owner = table.Column<Guid>(type: "TEXT", nullable: true),
                    last_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_status_code = table.Column<int>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    last_duration_ms = table.Column<int>(type: "INTEGER", nullable: true),
                    delivered_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_webhook_deliveries", x => x.id);
                    table.CheckConstraint("webhook_deliveries_status_check", "status IN ('pending', 'failed', 'succeeded', 'dead')");
                    table.ForeignKey(
                        name: "fk_webhook_deliveries_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_webhook_deliveries_webhook_events_event_id",
                        column: x => x.event_id,
                        principalTable: "webhook_events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_webhook_deliveries_webhook_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "webhook_subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "idx_webhook_deliveries_due",
                table: "webhook_deliveries",
                columns: new[] { "next_attempt_at", "organization_id" },
                filter: "status IN ('pending', 'failed')");

            migrationBuilder.CreateIndex(
                name: "idx_webhook_deliveries_event",
                table: "webhook_deliveries",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "idx_webhook_deliveries_queue",
                table: "webhook_deliveries",
                columns: new[] { "organization_id", "subscription_id", "sequence" });

            migrationBuilder.CreateIndex(
                name: "webhook_deliveries_org_sequence_key",
                table: "webhook_deliveries",
                columns: new[] { "organization_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "webhook_deliveries_subscription_event_key",
                table: "webhook_deliveries",
                columns: new[] { "subscription_id", "event_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_webhook_events_org_created",
                table: "webhook_events",
                columns: new[] { "organization_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "idx_webhook_events_subscription",
                table: "webhook_events",
                column: "subscription_id");

            migrationBuilder.CreateIndex(
                name: "idx_webhook_events_undispatched",
                table: "webhook_events",
                columns: new[] { "organization_id", "created_at", "id" },
                filter: "NOT is_dispatched");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "webhook_events");
        }
    }
}
