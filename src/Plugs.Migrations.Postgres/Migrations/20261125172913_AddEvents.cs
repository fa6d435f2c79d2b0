using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Plugs.Data.Tenancy;

#nullable disable

namespace Plugs.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "uuid_generate_v4()"),
                    title = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    event_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, defaultValue: "networking"),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, defaultValue: "draft"),
                    start_date = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    end_date = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    timezone = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, defaultValue: "UTC"),
                    location = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    venue = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    venue_details = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'"),
                    budget = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false, defaultValue: 0m),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false, defaultValue: "USD"),
                    max_attendees = table.Column<int>(type: "integer", nullable: true),
                    current_attendees = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    registration_url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    settings = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'"),
                    metadata = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: false),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    is_deleted = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false),
                    deleted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.id);
                    table.CheckConstraint("events_budget_check", "budget >= 0");
                    table.CheckConstraint("events_currency_check", "length(currency) = 3 AND upper(currency) = currency");
                    table.CheckConstraint("events_current_attendees_check", "current_attendees >= 0");
                    table.CheckConstraint("events_date_range", "end_date > start_date");
                    table.CheckConstraint("events_event_type_check", "event_type IN ('conference', 'workshop', 'networking', 'meeting')");
                    table.CheckConstraint("events_max_attendees_check", "max_attendees IS NULL OR max_attendees > 0");
                    table.CheckConstraint("events_status_check", "status IN ('draft', 'published', 'ongoing', 'completed', 'cancelled')");
                    table.ForeignKey(
                        name: "fk_events_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_events_users_created_by",
                        column: x => x.created_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_events_users_updated_by",
                        column: x => x.updated_by,
                        principalTable: "users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "event_agenda_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "uuid_generate_v4()"),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    item_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, defaultValue: "session"),
                    start_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    end_time = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    location = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    speaker_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    speaker_contact_id = table.Column<Guid>(type: "uuid", nullable: true),
                    sort_order = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    is_deleted = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false),
                    deleted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_agenda_items", x => x.id);
                    table.CheckConstraint("event_agenda_items_item_type_check", "item_type IN ('session', 'keynote', 'workshop', 'panel', 'break', 'networking', 'other')");
                    table.CheckConstraint("event_agenda_items_one_speaker", "speaker_user_id IS NULL OR speaker_contact_id IS NULL");
                    table.CheckConstraint("event_agenda_items_time_range", "end_time > start_time");
                    table.ForeignKey(
                        name: "fk_event_agenda_items_contacts_speaker_contact_id",
                        column: x => x.speaker_contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_event_agenda_items_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_agenda_items_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_agenda_items_users_created_by",
                        column: x => x.created_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_event_agenda_items_users_speaker_user_id",
                        column: x => x.speaker_user_id,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_event_agenda_items_users_updated_by",
                        column: x => x.updated_by,
                        principalTable: "users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "event_attendees",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "uuid_generate_v4()"),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    contact_id = table.Column<Guid>(type: "uuid", nullable: true),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, defaultValue: "attendee"),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, defaultValue: "registered"),
                    registered_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    checked_in_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    waitlist_position = table.Column<int>(type: "integer", nullable: true),
                    notes = table.Column<string>(type: "text", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'"),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    updated_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    is_deleted = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false),
                    deleted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_attendees", x => x.id);
                    table.CheckConstraint("event_attendees_one_person", "(user_id IS NULL) <> (contact_id IS NULL)");
                    table.CheckConstraint("event_attendees_role_check", "role IN ('attendee', 'speaker', 'organizer', 'sponsor', 'volunteer')");
                    table.CheckConstraint("event_attendees_status_check", "status IN ('invited', 'registered', 'waitlisted', 'attended', 'cancelled', 'no_show')");
                    table.CheckConstraint("event_attendees_waitlist_check", "(status = 'waitlisted' AND waitlist_position >= 1) OR (status <> 'waitlisted' AND waitlist_position IS NULL)");
                    table.ForeignKey(
                        name: "fk_event_attendees_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_attendees_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_attendees_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_attendees_users_created_by",
                        column: x => x.created_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_event_attendees_users_updated_by",
                        column: x => x.updated_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_event_attendees_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateIndex(
                name: "idx_event_agenda_items_event_start",
                table: "event_agenda_items",
                columns: new[] { "event_id", "start_time" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_event_agenda_items_speaker_contact",
                table: "event_agenda_items",
                column: "speaker_contact_id",
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_event_agenda_items_speaker_user",
                table: "event_agenda_items",
                column: "speaker_user_id",
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "ix_event_agenda_items_created_by",
                table: "event_agenda_items",
                column: "created_by");

            migrationBuilder.CreateIndex(
                name: "ix_event_agenda_items_organization_id",
                table: "event_agenda_items",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_event_agenda_items_updated_by",
                table: "event_agenda_items",
                column: "updated_by");

            migrationBuilder.CreateIndex(
                name: "event_attendees_event_contact_key",
                table: "event_attendees",
                columns: new[] { "event_id", "contact_id" },
                unique: true,
                filter: "contact_id IS NOT NULL AND status <> 'cancelled' AND NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "event_attendees_event_user_key",
                table: "event_attendees",
                columns: new[] { "event_id", "user_id" },
                unique: true,
                filter: "user_id IS NOT NULL AND status <> 'cancelled' AND NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_event_attendees_contact",
                table: "event_attendees",
                column: "contact_id",
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_event_attendees_event_status",
                table: "event_attendees",
                columns: new[] { "event_id", "status", "waitlist_position" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_event_attendees_user",
                table: "event_attendees",
                column: "user_id",
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "ix_event_attendees_created_by",
                table: "event_attendees",
                column: "created_by");

            migrationBuilder.CreateIndex(
                name: "ix_event_attendees_organization_id",
                table: "event_attendees",
                column: "organization_id");

            migrationBuilder.CreateIndex(
                name: "ix_event_attendees_updated_by",
                table: "event_attendees",
                column: "updated_by");

            migrationBuilder.CreateIndex(
                name: "idx_events_org_start",
                table: "events",
                columns: new[] { "organization_id", "start_date", "id" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_events_org_status",
                table: "events",
                columns: new[] { "organization_id", "status" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "ix_events_created_by",
                table: "events",
                column: "created_by");

            migrationBuilder.CreateIndex(
                name: "ix_events_updated_by",
                table: "events",
                column: "updated_by");

            migrationBuilder.EnableTenantRowLevelSecurity("events");
            migrationBuilder.EnableTenantRowLevelSecurity("event_attendees");
            migrationBuilder.EnableTenantRowLevelSecurity("event_agenda_items");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DisableTenantRowLevelSecurity("event_agenda_items");
            migrationBuilder.DisableTenantRowLevelSecurity("event_attendees");
            migrationBuilder.DisableTenantRowLevelSecurity("events");

            migrationBuilder.DropTable(
                name: "event_agenda_items");

            migrationBuilder.DropTable(
                name: "event_attendees");

            migrationBuilder.DropTable(
                name: "events");
        }
    }
}
