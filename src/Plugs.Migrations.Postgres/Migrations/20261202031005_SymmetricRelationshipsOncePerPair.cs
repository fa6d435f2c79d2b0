using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plugs.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SymmetricRelationshipsOncePerPair : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "contact_relationships_edge_key",
                table: "contact_relationships");

            migrationBuilder.AddColumn<Guid>(
                name: "edge_from_id",
                table: "contact_relationships",
                type: "uuid",
                nullable: false,
                computedColumnSql: "CASE WHEN relationship_type IN ('knows', 'works_with', 'friend') AND to_contact_id < from_contact_id THEN to_contact_id ELSE from_contact_id END",
                stored: true);

            migrationBuilder.AddColumn<Guid>(
                name: "edge_to_id",
                table: "contact_relationships",
                type: "uuid",
                nullable: false,
                computedColumnSql: "CASE WHEN relationship_type IN ('knows', 'works_with', 'friend') AND to_contact_id < from_contact_id THEN from_contact_id ELSE to_contact_id END",
                stored: true);

            // Symmetric relationships stored in both directions become one: the stronger (then the more
            // recently updated) of A→B and B→A stays, the other is soft-deleted. Every organization's
            // rows: the owner steps outside its forced row-level security for the statement.
            migrationBuilder.Sql("""
                ALTER TABLE contact_relationships NO FORCE ROW LEVEL SECURITY;
                UPDATE contact_relationships SET is_deleted = TRUE, deleted_at = now(), updated_at = now()
                WHERE NOT is_deleted AND relationship_type IN ('knows', 'works_with', 'friend') AND EXISTS (
                    SELECT 1 FROM contact_relationships AS o
                    WHERE NOT o.is_deleted AND o.relationship_type = contact_relationships.relationship_type
                      AND o.from_contact_id = contact_relationships.to_contact_id AND o.to_contact_id = contact_relationships.from_contact_id
                      AND (o.strength > contact_relationships.strength
                           OR (o.strength = contact_relationships.strength AND (o.updated_at > contact_relationships.updated_at
                               OR (o.updated_at = contact_relationships.updated_at AND o.id < contact_relationships.id)))));
                ALTER TABLE contact_relationships FORCE ROW LEVEL SECURITY;
                """);

            migrationBuilder.CreateIndex(
                name: "contact_relationships_edge_key",
                table: "contact_relationships",
                columns: new[] { "edge_from_id", "edge_to_id", "relationship_type" },
                unique: true,
                filter: "NOT is_deleted");

            migrationBuilder.CreateIndex(
                name: "ix_contact_relationships_from_contact_id",
                table: "contact_relationships",
                column: "from_contact_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "contact_relationships_edge_key",
                table: "contact_relationships");

            migrationBuilder.DropIndex(
                name: "ix_contact_relationships_from_contact_id",
                table: "contact_relationships");

            migrationBuilder.DropColumn(
                name: "edge_from_id",
                table: "contact_relationships");

            migrationBuilder.DropColumn(
                name: "edge_to_id",
                table: "contact_relationships");

            migrationBuilder.CreateIndex(
                name: "contact_relationships_edge_key",
                table: "contact_relationships",
                columns: new[] { "from_contact_id", "to_contact_id", "relationship_type" },
                unique: true,
                filter: "NOT is_deleted");
        }
    }
}
