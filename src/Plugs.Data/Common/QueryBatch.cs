using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Plugs.Data.Tenancy;

namespace Plugs.Data.Common;

/// <summary>
/// Several EF queries in one round trip on PostgreSQL, still written and read by EF. EF sends
/// each query on its own; <see cref="PrefetchAsync"/> takes the SQL EF generates for each
/// (<c>CreateDbCommand</c>), sends it all as one Npgsql batch and keeps the results, and when EF
/// then runs those very queries (same SQL, same parameter values) <see cref="PrefetchedReads"/>
/// hands EF the kept result instead of asking the server again. So a query has one form (the
/// LINQ), read by one shaper (EF's) on both providers; only the transport differs. Elsewhere
/// (SQLite, in-process) it does nothing and the queries run as usual.
/// </summary>
public static class QueryBatch
{
    /// <summary>
    /// Sends <paramref name="queries"/> in one batch when the unit of work's connection is open
    /// (an authenticated request's always is). Run the same <see cref="IQueryable"/> objects
    /// afterwards, each exactly as passed (<c>ToListAsync</c>: put <c>Take</c> in the query rather
    /// than using <c>FirstAsync</c>, whose LIMIT would make other SQL). A query that runs with
    /// other SQL or other values, or runs twice, simply goes to the server.
    /// </summary>
    public static async Task PrefetchAsync(this PlugsDbContext db, IReadOnlyList<IQueryable> queries, CancellationToken ct)
    {
        if (db.Database.GetDbConnection() is not NpgsqlConnection { State: ConnectionState.Open } connection)
        {
            return;
        }
        await using var batch = new NpgsqlBatch(connection) { Transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction };
        var expected = new List<(string Sql, object?[] Values)>();
        foreach (var query in queries)
        {
            await using var command = query.CreateDbCommand();
            var item = new NpgsqlBatchCommand(command.CommandText);
            foreach (NpgsqlParameter parameter in command.Parameters)
            {
                item.Parameters.Add(parameter.Clone());
            }
            batch.BatchCommands.Add(item);
            expected.Add((command.CommandText, Values(command)));
        }
        var results = new List<BufferedResult>();
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(ct);
            do
            {
                results.Add(await BufferedResult.ReadAsync(reader, ct));
            }
            while (await reader.NextResultAsync(ct));
        }
        catch (Exception e)
        {
            FailedStatementGuard.Note(db, e); // EF does not see this batch fail
            throw;
        }
        db.Prefetched.Clear();
        db.Prefetched.AddRange(expected.Zip(results, (e, r) => new PrefetchedRead(e.Sql, e.Values, r)));
    }

    internal static object?[] Values(DbCommand command)
    {
        var values = new object?[command.Parameters.Count * 2];
        for (var i = 0; i < command.Parameters.Count; i++)
        {
            values[2 * i] = command.Parameters[i].ParameterName;
            values[2 * i + 1] = command.Parameters[i].Value;
        }
        return values;
    }
}

internal sealed record PrefetchedRead(string Sql, object?[] Values, BufferedResult Result);

/// <summary>
/// Serves a query <see cref="QueryBatch.PrefetchAsync"/> already read, once. Kept results never
/// outlive the unit of work's connection: they are dropped when it opens and when it closes, so
/// a pooled context cannot hand one request's rows to the next.
/// </summary>
public sealed class PrefetchedReads : DbCommandInterceptor, IDbConnectionInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Take(command, eventData) is { } reader ? InterceptionResult<DbDataReader>.SuppressWithResult(reader) : result;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ReaderExecuting(command, eventData, result));

    private static DbDataReader? Take(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is not PlugsDbContext { Prefetched.Count: > 0 } db)
        {
            return null;
        }
        var values = QueryBatch.Values(command);
        var index = db.Prefetched.FindIndex(p => p.Sql == command.CommandText && p.Values.SequenceEqual(values));
        if (index < 0)
        {
            return null;
        }
        var read = db.Prefetched[index];
        db.Prefetched.RemoveAt(index);
        return read.Result.Reader();
    }

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Drop(eventData.Context);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Drop(eventData.Context);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Drop(DbContext? context) => (context as PlugsDbContext)?.Prefetched.Clear();
}
