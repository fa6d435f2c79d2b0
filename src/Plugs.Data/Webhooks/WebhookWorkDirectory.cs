using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Plugs.Data.Common;

namespace Plugs.Data.Webhooks;

/// <summary>
/// The delivery worker's one cross-tenant read: which organizations have webhook work now
/// (undispatched events, or deliveries due and not leased). Everything else it does runs inside
/// each organization under its row-level security, like a request. On PostgreSQL the read is a
/// SECURITY DEFINER function owned by a NOLOGIN role that may read only the columns it needs
/// (the pattern of <see cref="Jobs.OrganizationDirectory"/>); it returns ids only.
/// </summary>
public static class WebhookWorkDirectory
{
    public const string Role = "plugs_webhook_directory";
    public const string Function = "webhook_work_organization_ids";

    public static Task<List<Guid>> OrganizationsWithWorkAsync(PlugsDbContext db, DateTime now, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            return db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM webhook_work_organization_ids({now})").ToListAsync(ct);
        }
        var events = db.WebhookEvents.IgnoreQueryFilters().Where(e => !e.IsDispatched).Select(e => e.OrganizationId);
        var deliveries = db.WebhookDeliveries.IgnoreQueryFilters()
            .Where(d => (d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Failed)
                && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
            .Select(d => d.OrganizationId);
        return events.Union(deliveries).ToListAsync(ct);
    }

    public static void CreateWebhookWorkDirectory(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"""
            {PostgresRoles.CreateNoLoginRoleForCurrentUser(Role)}
            GRANT USAGE ON SCHEMA public TO {Role};
            GRANT SELECT (organization_id, is_dispatched) ON webhook_events TO {Role};
            GRANT SELECT (organization_id, status, next_attempt_at, lease_until) ON webhook_deliveries TO {Role};
            -- current_user is the role only inside its SECURITY DEFINER function; members of the
            -- role (the migrating owner) stay bound by tenant isolation.
            CREATE POLICY webhook_directory ON webhook_events FOR SELECT TO {Role} USING (current_user = '{Role}');
            CREATE POLICY webhook_directory ON webhook_deliveries FOR SELECT TO {Role} USING (current_user = '{Role}');
            CREATE FUNCTION {Function}(at timestamptz)
            RETURNS TABLE (id uuid)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
                SELECT e.organization_id FROM public.webhook_events e WHERE NOT e.is_dispatched
                UNION
                SELECT d.organization_id FROM public.webhook_deliveries d
                WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= at
                  AND (d.lease_until IS NULL OR d.lease_until < at)
            $$;
            REVOKE ALL ON FUNCTION {Function}(timestamptz) FROM PUBLIC;
            GRANT CREATE ON SCHEMA public TO {Role};
            ALTER FUNCTION {Function}(timestamptz) OWNER TO {Role};
            REVOKE CREATE ON SCHEMA public FROM {Role};
            """);

    public static void DropWebhookWorkDirectory(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql($"""
            DROP FUNCTION IF EXISTS {Function}(timestamptz);
            DROP POLICY IF EXISTS webhook_directory ON webhook_events;
            DROP POLICY IF EXISTS webhook_directory ON webhook_deliveries;
            REVOKE ALL ON webhook_events FROM {Role};
            REVOKE ALL ON webhook_deliveries FROM {Role};
            REVOKE USAGE ON SCHEMA public FROM {Role};
            """);
}
