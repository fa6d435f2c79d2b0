using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Plugs.Data.Tenancy;

/// <summary>
/// PostgreSQL row-level security is keyed on the setting <c>app.current_organization_id</c>.
/// Every time EF takes a connection from the pool, this writes the setting for the unit of work's
/// organization, or clears it when there is none, before any statement of that unit runs. So a
/// pooled connection can never carry one tenant's setting into another request, and code that
/// has no tenant sees no rows.
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
        using var command = ScopeCommand(connection, eventData);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = ScopeCommand(connection, eventData);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand ScopeCommand(DbConnection connection, ConnectionEndEventData eventData)
    {
        var organizationId = (eventData.Context as PlugsDbContext)?.CurrentOrganizationId;
        var command = connection.CreateCommand();
        command.CommandText = $"SELECT set_config('{SettingName}', @organization_id, false)";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "organization_id";
        parameter.Value = organizationId?.ToString("D") ?? "";
        command.Parameters.Add(parameter);
        return command;
    }
}
