using System.Data.Common;

namespace Plugs.Data.Tenancy;

/// <summary>
/// A one-row query that rides on the statement entering the tenant (<see cref="TenantConnectionInterceptor"/>):
/// sent in the same batch, so in the same round trip, and run after the setting is written, so
/// under row-level security for that organization. Authentication checks the request's session
/// this way. Hand it to <see cref="TenantContext.RunOnEntry"/> before the connection opens.
/// </summary>
public sealed class EntryQuery(string sql, params object[] parameters)
{
    /// <summary>Whether it ran: false when no connection was opened for the unit of work after it was handed over.</summary>
    public bool Ran { get; private set; }

    /// <summary>The first row's values, or null when there was none.</summary>
    public object[]? Row { get; private set; }

    internal DbBatchCommand CreateCommand(DbBatch batch)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"p{i}";
            parameter.Value = parameters[i];
            command.Parameters.Add(parameter);
        }
        return command;
    }

    internal void Complete(DbDataReader reader, bool hasRow)
    {
        if (hasRow)
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            Row = values;
        }
        Ran = true;
    }
}
