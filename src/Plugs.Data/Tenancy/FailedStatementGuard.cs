using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Plugs.Data.Tenancy;

/// <summary>
/// Keeps a statement that PostgreSQL refused from reaching the next unit of work on the same
/// pooled connection: when a unit of work saw a server error, its connection's prepared
/// statements are dropped (<c>DEALLOCATE ALL</c>, through Npgsql so its bookkeeping agrees)
/// before the connection goes back to the pool.
/// </summary>
/// <remarks>
/// Why: Npgsql (10.0.3, and its main branch as of 2026-12) auto-prepares a statement on its
/// second use on a connection by sending Parse, Bind, Describe and Execute together. It marks
/// the statement prepared as soon as ParseComplete arrives; when Bind then fails (a parameter
/// PostgreSQL cannot accept: text with U+0000, an unsupported escape in jsonb, …) the statement
/// stays "prepared" without the row description that Describe would have returned. The next
/// execution of the same SQL on that connection — any tenant's, typically the ordinary insert
/// the failing one was — skips Describe, treats the statement as returning no rows and breaks
/// the connection on the first DataRow ("Received unexpected backend message DataRow").
/// docs/upstream/npgsql-auto-prepare-bind-error.md has the minimal reproduction.
/// Refusing such input at the boundary (StorableText) removes the known triggers; this removes
/// the consequence for any trigger not yet known. A unit of work that catches a server error and
/// then runs the very statement that failed again, on the same connection, is not covered.
/// </remarks>
public sealed class FailedStatementGuard(ILogger<FailedStatementGuard> logger) : IDbCommandInterceptor, ISaveChangesInterceptor, IDbConnectionInterceptor
{
    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Note(eventData.Context, eventData.Exception);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context, eventData.Exception);
        return Task.CompletedTask;
    }

    // A failure while EF reads a batch's later results reaches SaveChanges but no CommandFailed.
    public void SaveChangesFailed(DbContextErrorEventData eventData) => Note(eventData.Context, eventData.Exception);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context, eventData.Exception);
        return Task.CompletedTask;
    }

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Reset(connection, eventData.Context);
        return result;
    }

    // Npgsql has no asynchronous UnprepareAll; this runs only after a server error.
    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Reset(connection, eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>For code that runs its own commands on a unit of work's connection and catches their failures.</summary>
    public static void Note(Microsoft.EntityFrameworkCore.DbContext? context, Exception exception)
    {
        if (context is PlugsDbContext db && IsServerError(exception))
        {
            db.SawServerError = true;
        }
    }

    private void Reset(DbConnection connection, Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is not PlugsDbContext { SawServerError: true } db)
        {
            return;
        }
        db.SawServerError = false;
        if (connection is not NpgsqlConnection { State: System.Data.ConnectionState.Open } npgsql)
        {
            return; // a broken connection never goes back to the pool
        }
        try
        {
            npgsql.UnprepareAll();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // Still inside a failed transaction, or busy: this connection's statements cannot be
            // dropped, so no connection idle in the pool keeps them (the pool reconnects).
            logger.LogWarning(e, "Could not drop the prepared statements of a connection after a failed statement; clearing the pool.");
            NpgsqlConnection.ClearPool(npgsql);
        }
    }

    private static bool IsServerError(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is PostgresException)
            {
                return true;
            }
        }
        return false;
    }
}
