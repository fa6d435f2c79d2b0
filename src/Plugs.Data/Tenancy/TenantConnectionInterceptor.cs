using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Plugs.Data.Tenancy;

/// <summary>
/// PostgreSQL row-level security is keyed on the setting <c>app.current_organization_id</c>.
/// Every time EF takes a connection from the pool, this writes the setting for the unit of work's
/// organization, or clears it when there is none, before any statement of that unit runs. So a
/// pooled connection can never carry one tenant's setting into another request, and code that
/// has no tenant sees no rows. A one-row <see cref="EntryQuery"/> handed to the unit of work
/// (<see cref="TenantContext.RunOnEntry"/>) is sent in the same batch, after the setting.
/// </summary>
/// <remarks>
/// The setting is session-scoped for the time EF holds the connection rather than
/// transaction-local: EF runs reads and single-statement writes outside explicit transactions,
/// and prefixing each command with <c>SET LOCAL</c> breaks EF's per-statement row counts in
/// batched saves. Npgsql also resets session state when the connection returns to the pool.
/// </remarks>
public sealed class TenantConnectionInterceptor : DbConnectionInterceptor
{
    public const string SettingName = "app.current_organization_id";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        var (organizationId, entry) = Unit(eventData);
        using var batch = ScopeBatch(connection, organizationId, entry);
        try
        {
            if (entry is null)
            {
                batch.ExecuteNonQuery();
                return;
            }
            using var reader = batch.ExecuteReader();
            reader.NextResult();
            entry.Complete(reader, reader.Read());
        }
        catch (Exception e)
        {
            FailedStatementGuard.Note(eventData.Context, e); // EF does not see this batch fail
            throw;
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var (organizationId, entry) = Unit(eventData);
        await using var batch = ScopeBatch(connection, organizationId, entry);
        try
        {
            if (entry is null)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
                return;
            }
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            entry.Complete(reader, await reader.ReadAsync(cancellationToken));
        }
        catch (Exception e)
        {
            FailedStatementGuard.Note(eventData.Context, e); // EF does not see this batch fail
            throw;
        }
    }

    private static (string OrganizationId, EntryQuery? Entry) Unit(ConnectionEndEventData eventData)
    {
        var tenant = (eventData.Context as PlugsDbContext)?.Tenant;
        return (tenant?.OrganizationId?.ToString("D") ?? "", tenant?.TakeEntryQuery());
    }

    /// <summary>The setting, then the entry query when there is one: one round trip, in that order.</summary>
    private static DbBatch ScopeBatch(DbConnection connection, string organizationId, EntryQuery? entry)
    {
        var batch = connection.CreateBatch();
        var scope = batch.CreateBatchCommand();
        scope.CommandText = $"SELECT set_config('{SettingName}', @organization_id, false)";
        var parameter = scope.CreateParameter();
        parameter.ParameterName = "organization_id";
        parameter.Value = organizationId;
        scope.Parameters.Add(parameter);
        batch.BatchCommands.Add(scope);
        if (entry is not null)
        {
            batch.BatchCommands.Add(entry.CreateCommand(batch));
        }
        return batch;
    }
}
