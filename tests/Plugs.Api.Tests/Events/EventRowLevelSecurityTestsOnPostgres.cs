using Npgsql;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Events;

/// <summary>
/// Below the API: the event tables hold rows of two organizations, yet the application role sees
/// none without the tenant setting and only its tenant's with it, and cannot insert for another.
/// </summary>
public sealed class EventRowLevelSecurityTestsOnPostgres(PostgresApiFactory api) : IClassFixture<PostgresApiFactory>
{
    private static readonly string[] Tables = ["events", "event_attendees", "event_agenda_items"];

    private async Task<Account> OrganizationWithAnEventAsync()
    {
        var account = await api.RegisterAsync();
        var id = await account.PublishedEventAsync();
        await account.RegisterAsync(id, new { user_id = account.UserId });
        var agenda = await account.Client.PostAsync($"{EventApi.EventUrl(id)}/agenda",
            Accounts.Json("""{"title":"Talk","start_time":"2030-06-01T10:00:00Z","end_time":"2030-06-01T11:00:00Z"}"""));
        Assert.Equal(System.Net.HttpStatusCode.Created, agenda.StatusCode);
        return account;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, Guid? organizationId = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (organizationId is { } id)
        {
            command.Parameters.AddWithValue("org", id);
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_application_role_sees_only_the_tenant_named_by_the_setting()
    {
        var a = await OrganizationWithAnEventAsync();
        var b = await OrganizationWithAnEventAsync();
        await using var app = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(api.AppConnectionString) { Pooling = false }.ConnectionString);
        await app.OpenAsync();
        foreach (var table in Tables)
        {
            Assert.Equal(0, await CountAsync(app, $"SELECT count(*) FROM {table}"));
        }

        await using (var set = new NpgsqlCommand("SELECT set_config('app.current_organization_id', @org, false)", app))
        {
            set.Parameters.AddWithValue("org", a.OrganizationId.ToString("D"));
            await set.ExecuteScalarAsync();
        }
        foreach (var table in Tables)
        {
            Assert.Equal(1, await CountAsync(app, $"SELECT count(*) FROM {table}"));
            Assert.Equal(0, await CountAsync(app, $"SELECT count(*) FROM {table} WHERE organization_id = @org", b.OrganizationId));
        }
        await using var insert = new NpgsqlCommand("""
            INSERT INTO events (id, organization_id, created_by, title, start_date, end_date)
            VALUES (gen_random_uuid(), @org, @user, 'Smuggled', now(), now() + interval '1 hour')
            """, app);
        insert.Parameters.AddWithValue("org", b.OrganizationId);
        insert.Parameters.AddWithValue("user", b.UserId);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }
}
