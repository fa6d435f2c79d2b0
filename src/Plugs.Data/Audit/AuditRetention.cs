using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Plugs.Data.Common;

namespace Plugs.Data.Audit;

/// <summary>
/// <c>audit_logs</c> is append-only for the API: on PostgreSQL its role is granted only INSERT and
/// SELECT (<c>DatabaseMigrator</c>), on SQLite triggers refuse UPDATE and DELETE. The one way rows
/// leave is <see cref="PurgeAsync"/>, which removes rows older than a cutoff across organizations:
/// on PostgreSQL through <c>audit_logs_purge</c>, a SECURITY DEFINER function owned by the NOLOGIN
/// role <c>plugs_audit_purge</c> (the only role with DELETE, through its own RLS policy); on SQLite
/// by naming the cutoff in <c>audit_log_purges</c>, the one condition the delete trigger lets pass.
/// </summary>
public static class AuditRetention
{
    public const string PurgeRole = "plugs_audit_purge";
    public const string PurgeFunction = "audit_logs_purge";

    /// <summary>Deletes every organization's audit rows created before <paramref name="cutoff"/>; returns how many.</summary>
    public static async Task<long> PurgeAsync(PlugsDbContext db, DateTime cutoff, CancellationToken ct)
    {
        cutoff = DateTime.SpecifyKind(cutoff, DateTimeKind.Utc);
        if (db.Database.IsNpgsql())
        {
            return await db.Database.SqlQuery<long>($"SELECT audit_logs_purge({cutoff}) AS \"Value\"").SingleAsync(ct);
        }
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var stored = cutoff.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
        await db.Database.ExecuteSqlAsync($"INSERT INTO audit_log_purges (cutoff) VALUES ({stored})", ct);
        var deleted = await db.Database.ExecuteSqlAsync($"DELETE FROM audit_logs WHERE created_at < {stored}", ct);
        await db.Database.ExecuteSqlAsync($"DELETE FROM audit_log_purges", ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        return deleted;
    }

    public static void CreateAuditAppendOnlyOnPostgres(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"""
            {PostgresRoles.CreateNoLoginRoleForCurrentUser(PurgeRole)}
            GRANT USAGE ON SCHEMA public TO {PurgeRole};
            GRANT SELECT, DELETE ON audit_logs TO {PurgeRole};
            CREATE POLICY audit_purge ON audit_logs TO {PurgeRole} USING (true);
            CREATE FUNCTION {PurgeFunction}(p_cutoff timestamptz) RETURNS bigint
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $fn$
            DECLARE n bigint;
            BEGIN
                DELETE FROM public.audit_logs WHERE created_at < p_cutoff;
                GET DIAGNOSTICS n = ROW_COUNT;
                RETURN n;
            END
            $fn$;
            REVOKE ALL ON FUNCTION {PurgeFunction}(timestamptz) FROM PUBLIC;
            GRANT CREATE ON SCHEMA public TO {PurgeRole};
            ALTER FUNCTION {PurgeFunction}(timestamptz) OWNER TO {PurgeRole};
            REVOKE CREATE ON SCHEMA public FROM {PurgeRole};
            GRANT EXECUTE ON FUNCTION {PurgeFunction}(timestamptz) TO CURRENT_USER WITH GRANT OPTION;
            REVOKE {PurgeRole} FROM CURRENT_USER;
            """);

    public static void DropAuditAppendOnlyOnPostgres(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"""
            GRANT {PurgeRole} TO CURRENT_USER;
            DROP FUNCTION IF EXISTS {PurgeFunction}(timestamptz);
            DROP POLICY IF EXISTS audit_purge ON audit_logs;
            REVOKE ALL ON audit_logs FROM {PurgeRole};
            REVOKE USAGE ON SCHEMA public FROM {PurgeRole};
            REVOKE {PurgeRole} FROM CURRENT_USER;
            """);

    public static void CreateAuditAppendOnlyOnSqlite(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            CREATE TABLE audit_log_purges (cutoff TEXT NOT NULL);
            CREATE TRIGGER audit_logs_no_update BEFORE UPDATE ON audit_logs
            BEGIN
                SELECT RAISE(ABORT, 'audit_logs is append-only');
            END;
            CREATE TRIGGER audit_logs_no_delete BEFORE DELETE ON audit_logs
            WHEN NOT EXISTS (SELECT 1 FROM audit_log_purges p WHERE OLD.created_at < p.cutoff)
            BEGIN
                SELECT RAISE(ABORT, 'audit_logs is append-only');
            END;
            """);

    public static void DropAuditAppendOnlyOnSqlite(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("""
            DROP TRIGGER IF EXISTS audit_logs_no_delete;
            DROP TRIGGER IF EXISTS audit_logs_no_update;
            DROP TABLE IF EXISTS audit_log_purges;
            """);
}
