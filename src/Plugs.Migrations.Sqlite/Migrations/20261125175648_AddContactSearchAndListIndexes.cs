using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plugs.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddContactSearchAndListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "search_text",
                table: "contacts",
                type: "TEXT",
                nullable: false,
                computedColumnSql: "lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(company, '') || ' ' || coalesce(job_title, '') || ' ' || coalesce(notes, ''))",
                stored: false);

            migrationBuilder.CreateIndex(
                name: "idx_contacts_org_type_status_created",
                table: "contacts",
                columns: new[] { "organization_id", "contact_type", "status", "created_at", "id" },
                filter: "NOT is_deleted");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_contacts_org_type_status_created",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "search_text",
                table: "contacts");
        }
    }
}
