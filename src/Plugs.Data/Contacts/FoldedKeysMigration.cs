using Microsoft.EntityFrameworkCore.Migrations;
using Plugs.Data.Common;

namespace Plugs.Data.Contacts;

/// <summary>
/// The data half of the migration that made tag names unique ignoring case and the search ignore
/// accents: it folds the rows written before (<see cref="TextFoldingSql"/>) and merges each
/// organization's tags that are one name ignoring case into the first created of them (its
/// spelling stays), moving their contacts over and stamping those contacts (their tags read
/// differently now). Run inside the migration's transaction; on PostgreSQL row-level security is
/// lifted for the owner meanwhile (the policies would show a migration no rows) and forced again
/// before it commits, so no other session ever sees the tables unforced.
/// </summary>
public static class FoldedKeysMigration
{
    private const string SearchSources =
        "coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' || " +
        "coalesce(company, '') || ' ' || coalesce(job_title, '') || ' ' || coalesce(notes, '')";

    /// <summary>The search text as the database computed it before (lower-cased, accents kept); for Down.</summary>
    public const string PreviousSearchTextSql = "lower(" + SearchSources + ")";

    private static readonly string[] Tables = ["tags", "contact_tags", "contacts"];

    public static void FoldTagNamesAndSearchText(this MigrationBuilder migrationBuilder, bool postgres)
    {
        var now = postgres ? "now()" : "strftime('%Y-%m-%d %H:%M:%f', 'now')";
        // PostgreSQL kept the generated values, which the old lower() folded right in ASCII-only rows,
        // so only the others are rewritten; SQLite's column is new and empty.
        var stale = postgres ? "octet_length(search_text) <> char_length(search_text)" : "1 = 1";
        var sql = $"""
            {(postgres ? string.Concat(Tables.Select(t => $"ALTER TABLE {t} NO FORCE ROW LEVEL SECURITY;\n")) : "")}
            UPDATE tags SET normalized_name = {TextFoldingSql.Case(postgres, "name")};
            CREATE TEMP TABLE tag_merges AS
                SELECT id, keeper FROM (
                    SELECT id, first_value(id) OVER (PARTITION BY organization_id, normalized_name ORDER BY created_at, id) AS keeper FROM tags
                ) ranked
                WHERE id <> keeper;
            INSERT INTO contact_tags (organization_id, contact_id, tag_id, created_at)
                SELECT ct.organization_id, ct.contact_id, m.keeper, ct.created_at
                FROM contact_tags ct JOIN tag_merges m ON m.id = ct.tag_id
                WHERE true
                ON CONFLICT (contact_id, tag_id) DO NOTHING;
            UPDATE contacts SET updated_at = {now}
                WHERE id IN (SELECT ct.contact_id FROM contact_tags ct JOIN tag_merges m ON m.id = ct.tag_id);
            DELETE FROM contact_tags WHERE tag_id IN (SELECT id FROM tag_merges);
            DELETE FROM tags WHERE id IN (SELECT id FROM tag_merges);
            DROP TABLE tag_merges;
            UPDATE contacts SET search_text = {TextFoldingSql.CaseAndAccents(postgres, SearchSources)} WHERE {stale};
            {(postgres ? string.Concat(Tables.Select(t => $"ALTER TABLE {t} FORCE ROW LEVEL SECURITY;\n")) : "")}
            """;
        migrationBuilder.Sql(sql);
    }
}
