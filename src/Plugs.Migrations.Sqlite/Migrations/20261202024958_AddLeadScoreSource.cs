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
            // The CHECK goes with the column: SQLite adds a table CHECK only by rebuilding the
            // table from this migration's model, which predates contacts.search_text becoming a
            // plain column (FoldedTagNamesAndSearchText) and would make it generated again.
            migrationBuilder.Sql("""
                ALTER TABLE contacts ADD COLUMN lead_score_source TEXT NOT NULL DEFAULT 'manual'
                    CONSTRAINT contacts_lead_score_source_check CHECK (lead_score_source IN ('derived', 'manual'));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE contacts DROP COLUMN lead_score_source;");
        }
    }
}
