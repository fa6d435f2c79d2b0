using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plugs.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddContactSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "idx_contacts_org_company",
                table: "contacts",
                columns: new[] { "organization_id", "company", "id" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_contacts_org_last_interaction",
                table: "contacts",
                columns: new[] { "organization_id", "last_interaction", "id" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_contacts_org_last_name",
                table: "contacts",
                columns: new[] { "organization_id", "last_name", "id" },
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "idx_contacts_org_lead_score",
                table: "contacts",
                columns: new[] { "organization_id", "lead_score", "id" },
                filter: "NOT is_deleted");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_contacts_org_company",
                table: "contacts");

            migrationBuilder.DropIndex(
                name: "idx_contacts_org_last_interaction",
                table: "contacts");

            migrationBuilder.DropIndex(
                name: "idx_contacts_org_last_name",
                table: "contacts");

            migrationBuilder.DropIndex(
                name: "idx_contacts_org_lead_score",
                table: "contacts");
        }
    }
}
