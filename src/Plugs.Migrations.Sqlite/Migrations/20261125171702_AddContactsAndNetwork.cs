using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plugs.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddContactsAndNetwork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    first_name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    last_name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    company = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    job_title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    linkedin_url = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    bio = table.Column<string>(type: "TEXT", nullable: true),
                    avatar_url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    contact_type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false, defaultValue: "target"),
                    status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false, defaultValue: "cold_lead"),
                    priority = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false, defaultValue: "medium"),
                    business_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    network_type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    industry = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    notes = table.Column<string>(type: "TEXT", nullable: true),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'"),
                    lead_score = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 0),
                    last_interaction = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: false),
                    updated_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    is_deleted = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: false),
                    deleted_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                    table.CheckConstraint("contacts_contact_type_check", "contact_type IN ('target', 'contact', 'plug')");
                    table.CheckConstraint("contacts_lead_score_check", "lead_score >= 0 AND lead_score <= 100");
                    table.CheckConstraint("contacts_priority_check", "priority IN ('high', 'medium', 'low')");
                    table.CheckConstraint("contacts_status_check", "status IN ('new_client', 'existing_client', 'hot_lead', 'cold_lead')");
                    table.ForeignKey(
                        name: "fk_contacts_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_contacts_users_created_by",
                        column: x => x.created_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_contacts_users_updated_by",
                        column: x => x.updated_by,
                        principalTable: "users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "tags",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    color = table.Column<string>(type: "TEXT", maxLength: 7, nullable: true),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    updated_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tags", x => x.id);
                    table.CheckConstraint("tags_color_check", "color IS NULL OR (length(color) = 7 AND substr(color, 1, 1) = '#')");
                    table.ForeignKey(
                        name: "fk_tags_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_tags_users_created_by",
                        column: x => x.created_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_tags_users_updated_by",
                        column: x => x.updated_by,
                        principalTable: "users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "contact_interactions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    contact_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    interaction_type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", nullable: true),
                    interaction_date = table.Column<DateTime>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false, defaultValue: "completed"),
                    metadata = table.Column<string>(type: "TEXT", nullable: false, defaultValueSql: "'{}'"),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP"),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    is_deleted = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: false),
                    deleted_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_interactions", x => x.id);
                    table.CheckConstraint("contact_interactions_interaction_type_check", "interaction_type IN ('meeting', 'call', 'email', 'linkedin', 'event', 'follow_up')");
                    table.CheckConstraint("contact_interactions_status_check", "status IN ('completed', 'scheduled', 'cancelled')");
                    table.ForeignKey(
                        name: "fk_contact_interactions_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_contact_interactions_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_contact_interactions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "contact_relationships",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    from_contact_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    to_contact_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    relationship_type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false, defaultValue: "knows"),
                    strength = table.Column<int>(type: "INTEGER", nullable: false, defaultValue: 3),
                    notes = table.Column<string>(type: "TEXT", nullable: true),
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
                    table.PrimaryKey("pk_contact_relationships", x => x.id);
                    table.CheckConstraint("contact_relationships_not_self", "from_contact_id <> to_contact_id");
                    table.CheckConstraint("contact_relationships_strength_check", "strength >= 1 AND strength <= 5");
                    table.CheckConstraint("contact_relationships_type_check", "relationship_type IN ('knows', 'works_with', 'reports_to', 'friend', 'mentor', 'client_of', 'introduced_by')");
                    table.ForeignKey(
                        name: "fk_contact_relationships_contacts_from_contact_id",
                        column: x => x.from_contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_contact_relationships_contacts_to_contact_id",
                        column: x => x.to_contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_contact_relationships_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_contact_relationships_users_created_by",
                        column: x => x.created_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_contact_relationships_users_updated_by",
                        column: x => x.updated_by,
                        principalTable: "users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "introductions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    requested_by = table.Column<Guid>(type: "TEXT", nullable: false),
                    plug_contact_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    target_contact_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false, defaultValue: "requested"),
                    message = table.Column<string>(type: "TEXT", nullable: true),
                    outcome = table.Column<string>(type: "TEXT", nullable: true),
                    requested_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    responded_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    made_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    completed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
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
                    table.PrimaryKey("pk_introductions", x => x.id);
                    table.CheckConstraint("introductions_not_self", "plug_contact_id <> target_contact_id");
                    table.CheckConstraint("introductions_status_check", "status IN ('requested', 'accepted', 'declined', 'made', 'completed')");
                    table.ForeignKey(
                        name: "fk_introductions_contacts_plug_contact_id",
                        column: x => x.plug_contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_introductions_contacts_target_contact_id",
                        column: x => x.target_contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_introductions_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_introductions_users_created_by",
                        column: x => x.created_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_introductions_users_requested_by",
                        column: x => x.requested_by,
                        principalTable: "users",
                        principalColumn: "id");
                    table.ForeignKey(
                        name: "fk_introductions_users_updated_by",
                        column: x => x.updated_by,
                        principalTable: "users",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "contact_tags",
                columns: table => new
                {
                    contact_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tag_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    organization_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false, defaultValueSql: "CURRENT_TIMESTAMP")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contact_tags", x => new { x.contact_id, x.tag_id });
                    table.ForeignKey(
                        name: "fk_contact_tags_contacts_contact_id",
                        column: x => x.contact_id,
                        principalTable: "contacts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_contact_tags_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_contact_tags_tags_tag_id",
                        column: x => x.tag_id,
                        principalTable: "tags",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "idx_contact_interactions_contact",
                table: "contact_interactions",
                column: "contact_id",
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_contact_interactions_org_status_date",
                table: "contact_interactions",
                columns: new[] { "organization_id", "status", "interaction_date" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "ix_contact_interactions_user_id",
                table: "contact_interactions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "contact_relationships_edge_key",
                table: "contact_relationships",
                columns: new[] { "from_contact_id", "to_contact_id", "relationship_type" },
                unique: true,
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_contact_relationships_from",
                table: "contact_relationships",
                columns: new[] { "organization_id", "from_contact_id" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_contact_relationships_to",
                table: "contact_relationships",
                columns: new[] { "organization_id", "to_contact_id" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "ix_contact_relationships_created_by",
                table: "contact_relationships",
                column: "created_by");

            migrationBuilder.CreateIndex(
                name: "ix_contact_relationships_to_contact_id",
                table: "contact_relationships",
                column: "to_contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_contact_relationships_updated_by",
                table: "contact_relationships",
                column: "updated_by");

            migrationBuilder.CreateIndex(
                name: "idx_contact_tags_org_tag",
                table: "contact_tags",
                columns: new[] { "organization_id", "tag_id", "contact_id" });

            migrationBuilder.CreateIndex(
                name: "ix_contact_tags_tag_id",
                table: "contact_tags",
                column: "tag_id");

            migrationBuilder.CreateIndex(
                name: "idx_contacts_org_created",
                table: "contacts",
                columns: new[] { "organization_id", "created_at", "id" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_contacts_org_email",
                table: "contacts",
                columns: new[] { "organization_id", "email" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_contacts_organization",
                table: "contacts",
                column: "organization_id",
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_contacts_type_status",
                table: "contacts",
                columns: new[] { "contact_type", "status" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_created_by",
                table: "contacts",
                column: "created_by");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_updated_by",
                table: "contacts",
                column: "updated_by");

            migrationBuilder.CreateIndex(
                name: "idx_introductions_plug",
                table: "introductions",
                columns: new[] { "organization_id", "plug_contact_id" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_introductions_target",
                table: "introductions",
                columns: new[] { "organization_id", "target_contact_id" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "ix_introductions_created_by",
                table: "introductions",
                column: "created_by");

            migrationBuilder.CreateIndex(
                name: "ix_introductions_plug_contact_id",
                table: "introductions",
                column: "plug_contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_introductions_requested_by",
                table: "introductions",
                column: "requested_by");

            migrationBuilder.CreateIndex(
                name: "ix_introductions_target_contact_id",
                table: "introductions",
                column: "target_contact_id");

            migrationBuilder.CreateIndex(
                name: "ix_introductions_updated_by",
                table: "introductions",
                column: "updated_by");

            migrationBuilder.CreateIndex(
                name: "ix_tags_created_by",
                table: "tags",
                column: "created_by");

            migrationBuilder.CreateIndex(
                name: "ix_tags_updated_by",
                table: "tags",
                column: "updated_by");

            migrationBuilder.CreateIndex(
                name: "tags_org_name_key",
                table: "tags",
                columns: new[] { "organization_id", "name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contact_interactions");

            migrationBuilder.DropTable(
                name: "contact_relationships");

            migrationBuilder.DropTable(
                name: "contact_tags");

            migrationBuilder.DropTable(
                name: "introductions");

            migrationBuilder.DropTable(
                name: "tags");

            migrationBuilder.DropTable(
                name: "contacts");
        }
    }
}
