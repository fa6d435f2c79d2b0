using System.Text;
using Microsoft.EntityFrameworkCore;
using Plugs.Data.Common;

namespace Plugs.Data.Audit;

/// <summary>
/// The audit row of a set-based statement (<see cref="StampedUpdates"/>): one per statement that
/// changed rows, with the table, the affected count and what it matched and set — the statement's
/// filter as SQL without its parameter values (a filter may compare a token hash), and the columns
/// set (never their values). It is inserted in the statement's transaction; a statement run outside
/// one gets a transaction around both.
/// </summary>
public static class SetBasedAudit
{
    /// <summary>Runs <paramref name="statement"/> (which names the columns it sets in the list it is given) and audits it.</summary>
    public static async Task<int> RunAsync<T>(PlugsDbContext db, IQueryable<T> rows, AuditAction action,
        Func<List<string>, CancellationToken, Task<int>> statement, CancellationToken ct) where T : class
    {
        var entityType = db.Model.FindEntityType(typeof(T))!;
        var setColumns = new List<string>();
        if (!AuditTrail.IsAudited(entityType))
        {
            return await statement(setColumns, ct);
        }
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var affected = await statement(setColumns, ct);
        if (affected > 0)
        {
            var columns = setColumns.Distinct().Select(c => entityType.FindProperty(c)?.GetColumnName() ?? c);
            await InsertAsync(db, action, entityType.GetTableName()!, affected, Describe(rows, columns), ct);
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }
        return affected;
    }

    /// <summary>Inserts one action row at once (set-based writes, which no save carries).</summary>
    public static Task InsertAsync(PlugsDbContext db, AuditAction action, string entityType, int affected, string? description, CancellationToken ct)
    {
        var row = AuditTrail.NewRow(db, db.Tenant.RequiredOrganizationId, action, db.Clock.StoredUtcNow());
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO audit_logs (id, organization_id, user_id, action, entity_type, affected_count, description, ip_address, user_agent, request_id, created_at)
            VALUES ({row.Id}, {row.OrganizationId}, {row.UserId}, {row.Action}, {entityType}, {affected}, {description}, {row.IpAddress}, {row.UserAgent}, {row.RequestId}, {row.CreatedAt})
            """, ct);
    }

    private static string Describe<T>(IQueryable<T> rows, IEnumerable<string> setColumns)
    {
        var sql = new StringBuilder();
        foreach (var line in rows.ToQueryString().Split('\n'))
        {
            // Parameter values (Npgsql's "-- @p='…'", SQLite's ".param set @p …") stay out.
            if (line.StartsWith("-- @", StringComparison.Ordinal) || line.StartsWith(".param", StringComparison.Ordinal) || line.Trim().Length == 0)
            {
                continue;
            }
            sql.Append(sql.Length == 0 ? "" : " ").Append(line.Trim());
        }
        var text = sql.ToString();
        var where = text.IndexOf("WHERE ", StringComparison.Ordinal);
        var set = string.Join(", ", setColumns);
        return (set.Length > 0 ? $"SET {set} " : "") + (where >= 0 ? text[where..] : "(all rows)");
    }
}
