using Microsoft.EntityFrameworkCore.Migrations;
using Plugs.Data.Contacts;

#nullable disable

namespace Plugs.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Tag names unique ignoring case (<c>tags.normalized_name</c>, case-twins merged into the first
    /// created) and a search text the application folds (case and accents) on every write instead
    /// of a generated column (dropped and added again empty; the data step fills it with the .NET
    /// functions registered on the connection).
    /// </summary>
    public partial class FoldedTagNamesAndSearchText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "tags_org_name_key",
                table: "tags");

            migrationBuilder.AddColumn<string>(
                name: "normalized_name",
                table: "tags",
                type: "TEXT",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            // Not AlterColumn: EF would rebuild the table after every other step, this one's data step included.
            migrationBuilder.Sql("""
                ALTER TABLE contacts DROP COLUMN search_text;
                ALTER TABLE contacts ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
                """);

            migrationBuilder.FoldTagNamesAndSearchText(postgres: false);

            migrationBuilder.CreateIndex(
                name: "tags_org_normalized_name_key",
                table: "tags",
                columns: new[] { "organization_id", "normalized_name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "tags_org_normalized_name_key",
                table: "tags");

            migrationBuilder.DropColumn(
                name: "normalized_name",
                table: "tags");

            migrationBuilder.AlterColumn<string>(
                name: "search_text",
                table: "contacts",
                type: "TEXT",
                nullable: false,
                computedColumnSql: "lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(company, '') || ' ' || coalesce(job_title, '') || ' ' || coalesce(notes, ''))",
                stored: false,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.CreateIndex(
                name: "tags_org_name_key",
                table: "tags",
                columns: new[] { "organization_id", "name" },
                unique: true);
        }
    }
}
