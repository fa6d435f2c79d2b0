using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Plugs.Data.Common;

namespace Plugs.Api.Platform.Database;

/// <summary>
/// Row locks for writes whose correctness depends on rows other requests may change at the same
/// time (a merge's contacts, the contact whose derived <c>last_interaction</c> is recomputed).
/// Call inside a transaction, before reading what the write depends on; read it again after.
/// PostgreSQL locks the rows <c>FOR UPDATE</c> in ascending id order, so two transactions locking
/// overlapping sets queue up instead of deadlocking; rows another organization owns stay out of
/// reach twice (RLS and an explicit tenant filter). SQLite transactions from EF begin IMMEDIATE,
/// one writer at a time, so there is nothing to lock there.
/// </summary>
public static class RowLocks
{
    public static async Task LockAsync<TEntity>(this PlugsDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
        where TEntity : Entity, ITenantOwned
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException($"Locking {typeof(TEntity).Name} rows needs a transaction.");
        }
        var distinct = ids.Distinct().ToArray();
        if (distinct.Length == 0 || !db.Database.IsNpgsql())
        {
            return;
        }
        var entity = db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => Quote(entity.FindProperty(property)!.GetColumnName(table)!);
        var name = table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";
        var id = Column(nameof(Entity.Id));
        // Only identifiers from the model go into the text; the ids and the tenant are parameters.
        var sql = $"SELECT 1 FROM {name} WHERE {id} = ANY(@ids) AND {Column(nameof(ITenantOwned.OrganizationId))} = @organization ORDER BY {id} FOR UPDATE";
        await db.Database.ExecuteSqlRawAsync(sql,
            [new NpgsqlParameter("ids", distinct), new NpgsqlParameter("organization", db.Tenant.RequiredOrganizationId)], ct);
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
