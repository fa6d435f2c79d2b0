using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Plugs.Api.Platform.Database;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Tenancy;

/// <summary>
/// The API's PostgreSQL sessions prepare hot statements and plan them once: the defaults the
/// data source adds unless the connection string chooses otherwise, and which survive the reset a
/// pooled connection gets between requests.
/// </summary>
public sealed class DataSourceSettingsTests(PostgresApiFactory api) : IClassFixture<PostgresApiFactory>
{
    private static async Task<string> PlanCacheModeAsync(NpgsqlConnection connection)
    {
        await using var show = new NpgsqlCommand("SHOW plan_cache_mode", connection);
        return (string)(await show.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Sessions_plan_prepared_statements_once_even_after_a_reset()
    {
        await api.RegisterAsync(); // starts the host
        var dataSource = api.Services.GetRequiredService<NpgsqlDataSource>();
        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.Equal(200, settings.MaxAutoPrepare);

        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.Equal("force_generic_plan", await PlanCacheModeAsync(connection));
        await using (var reset = new NpgsqlCommand("RESET ALL", connection))
        {
            await reset.ExecuteNonQueryAsync();
        }
        Assert.Equal("force_generic_plan", await PlanCacheModeAsync(connection));
    }

    [Fact]
    public void A_connection_string_that_chooses_keeps_its_choice()
    {
        var mine = DatabaseSetup.CreateDataSource("Host=localhost;Max Auto Prepare=5;Options=-c plan_cache_mode=auto -c work_mem=8MB");
        var settings = new NpgsqlConnectionStringBuilder(mine.ConnectionString);
        Assert.Equal(5, settings.MaxAutoPrepare);
        Assert.Equal("-c plan_cache_mode=auto -c work_mem=8MB", settings.Options);

        var defaults = new NpgsqlConnectionStringBuilder(DatabaseSetup.CreateDataSource("Host=localhost;Options=-c work_mem=8MB").ConnectionString);
        Assert.Equal("-c work_mem=8MB -c plan_cache_mode=force_generic_plan", defaults.Options);
        Assert.Equal(200, defaults.MaxAutoPrepare);
    }
}
