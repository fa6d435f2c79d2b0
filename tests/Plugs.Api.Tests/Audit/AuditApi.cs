using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Data;

namespace Plugs.Api.Tests.Audit;

internal static class AuditApi
{
    public static async Task<JsonArray> ListAsync(Account admin, string query = "")
    {
        var response = await admin.Client.GetAsync($"/api/v1/audit-logs{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonArrayAsync();
    }

    public static async Task<List<JsonObject>> RowsForAsync(Account admin, string entityType, Guid entityId) =>
        (await ListAsync(admin, $"?entity_type={entityType}&entity_id={entityId}&sort=created_at&limit=1000")).Select(r => r!.AsObject()).ToList();

    public static string Action(JsonNode? row) => row!["action"]!.GetValue<string>();

    /// <summary>Every stored audit row's text, read past the API (as the owner on PostgreSQL, the file on SQLite).</summary>
    public static async Task<string> AllAuditTextAsync(PlugsApiFactory api)
    {
        const string sql = "SELECT coalesce(old_values::text, '') || ' ' || coalesce(new_values::text, '') || ' ' || coalesce(description, '') FROM audit_logs";
        var text = new System.Text.StringBuilder();
        if (api is PostgresApiFactory pg)
        {
            // As the server's superuser, whom RLS does not bind: every organization's rows.
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresApiFactory.AdminConnectionString) { Database = pg.DatabaseName }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }
            return text.ToString();
        }
        await using var sqlite = new SqliteConnection(SqliteConnectionString(api));
        await sqlite.OpenAsync();
        await using var cmd = sqlite.CreateCommand();
        cmd.CommandText = sql.Replace("::text", "", StringComparison.Ordinal);
        await using var rows = await cmd.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            text.AppendLine(rows.GetString(0));
        }
        return text.ToString();
    }

    public static string SqliteConnectionString(PlugsApiFactory api)
    {
        using var scope = api.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<PlugsDbContext>().Database.GetConnectionString()!;
    }
}
