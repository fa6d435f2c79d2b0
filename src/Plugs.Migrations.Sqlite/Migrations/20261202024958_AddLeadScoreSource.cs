using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plugs.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddLeadScoreSource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "lead_score_source",
                table: "contacts",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "manual");

            migrationBuilder.AddCheckConstraint(
                name: "contacts_lead_score_source_check",
                table: "contacts",
                sql: "lead_score_source IN ('derived', 'manual')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "contacts_lead_score_source_check",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "lead_score_source",
                table: "contacts");
        }
    }
}
