using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Plugs.Data.Tenancy;

/// <summary>
/// PostgreSQL row-level security is keyed on the transaction-local setting
/// <c>app.current_organization_id</c>. Every command EF sends on behalf of a tenant is
/// prefixed with a statement that sets it, in the same round trip and the same (implicit or
/// explicit) transaction, so a pooled connection can never carry one tenant's setting into
/// another request.
/// </summary>
public sealed class TenantCommandInterceptor : DbCommandInterceptor
{
    public const string SettingName = "app.current_organization_id";

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Scope(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Scope(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Scope(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Scope(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Scope(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Scope(command, eventData);
        return ValueTask.FromResult(result);
    }

    private static void Scope(DbCommand command, CommandEventData eventData)
    {
        if (eventData.Context is PlugsDbContext { CurrentOrganizationId: { } organizationId })
        {
            command.CommandText = ScopeStatement(organizationId) + command.CommandText;
        }
    }

    /// <summary>The statement that scopes the rest of the batch to one organization (a Guid literal: no injection surface).</summary>
    public static string ScopeStatement(Guid organizationId) =>
        string.Create(CultureInfo.InvariantCulture, $"SET LOCAL {SettingName} = '{organizationId:D}';\n");
}
