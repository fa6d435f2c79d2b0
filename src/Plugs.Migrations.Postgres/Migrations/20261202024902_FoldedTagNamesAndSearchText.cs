using Microsoft.EntityFrameworkCore.Migrations;
using Plugs.Data.Contacts;

#nullable disable

namespace Plugs.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Tag names unique ignoring case (<c>tags.normalized_name</c>, case-twins merged into the first
    /// created) and a search text the application folds (case and accents) on every write. The
    /// search text stops being generated in place (<c>DROP EXPRESSION</c> keeps its values, its
    /// trigram index and the search role's column grant; EF would drop and re-add the column).
    /// </summary>
    public partial class FoldedTagNamesAndSearchText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE contacts ALTER COLUMN search_text DROP EXPRESSION;");

            migrationBuilder.AddColumn<string>(
                name: "normalized_name",
                table: "tags",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.FoldTagNamesAndSearchText(postgres: true);

            migrationBuilder.Sql("ALTER TABLE tags ALTER COLUMN normalized_name SET NOT NULL;");

            migrationBuilder.DropIndex(
                name: "tags_org_name_key",
                table: "tags");

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

            // Tags merged on the way up stay merged; their names are unique with case, too.
            migrationBuilder.CreateIndex(
                name: "tags_org_name_key",
                table: "tags",
                columns: new[] { "organization_id", "name" },
                unique: true);

            // A column cannot become generated in place: drop it (its index and grant go with it) and add it again.
            migrationBuilder.Sql($"""
                ALTER TABLE contacts DROP COLUMN search_text;
                ALTER TABLE contacts ADD search_text text GENERATED ALWAYS AS ({FoldedKeysMigration.PreviousSearchTextSql}) STORED NOT NULL;
                CREATE INDEX idx_contacts_org_search_trgm ON contacts USING gin (organization_id uuid_ops, search_text gin_trgm_ops)
                    WITH (gin_pending_list_limit = 1024) WHERE NOT is_deleted;
                GRANT SELECT (search_text) ON contacts TO {ContactSearch.Role};
                """);
        }
    }
}
