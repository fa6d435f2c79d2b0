using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plugs.Migrations.Postgres.Migrations
{
    /// <summary>
    /// A 1 MB pending list for the search index (PostgreSQL's default is 4 MB): every search scans
    /// the whole list. Set in place (EF would drop and rebuild the index: minutes of blocked writes
    /// on a big table for one storage parameter).
    /// </summary>
    public partial class SearchIndexPendingListLimit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("ALTER INDEX idx_contacts_org_search_trgm SET (gin_pending_list_limit = 1024);");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("ALTER INDEX idx_contacts_org_search_trgm RESET (gin_pending_list_limit);");
    }
}
