using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plugs.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddContactSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // IF NOT EXISTS: on a large live database, build them beforehand without blocking
            // writes (CREATE INDEX CONCURRENTLY, docs/operations.md) and this finds them done.
            // EF's own CONCURRENTLY cannot run inside the idempotent script's DO blocks.
            migrationBuilder.Sql("""
                CREATE INDEX IF NOT EXISTS idx_contacts_org_last_name ON contacts (organization_id, last_name, id) WHERE NOT is_deleted;
                CREATE INDEX IF NOT EXISTS idx_contacts_org_company ON contacts (organization_id, company, id) WHERE NOT is_deleted;
                CREATE INDEX IF NOT EXISTS idx_contacts_org_lead_score ON contacts (organization_id, lead_score, id) WHERE NOT is_deleted;
                CREATE INDEX IF NOT EXISTS idx_contacts_org_last_interaction ON contacts (organization_id, last_interaction, id) WHERE NOT is_deleted;
                """);
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
