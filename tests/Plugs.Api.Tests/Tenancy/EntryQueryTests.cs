using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Data;
using Plugs.Data.Tenancy;

namespace Plugs.Api.Tests.Tenancy;

/// <summary>
/// The query that rides on the statement entering the tenant (how every request checks its
/// session on PostgreSQL): it runs once, on the next connection the unit of work opens, after the
/// tenant setting and so under that organization's row-level security. The session tests cannot
/// tell this apart from its fallback (a query of its own), so it is held here.
/// </summary>
public sealed class EntryQueryTests(PostgresApiFactory api) : IClassFixture<PostgresApiFactory>
{
    [Fact]
    public async Task Runs_once_after_the_tenant_setting_under_the_tenants_policies()
    {
        var account = await api.RegisterAsync();
        await api.RegisterAsync(); // another organization's user, invisible to the query
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlugsDbContext>();
        db.Tenant.Enter(account.OrganizationId, account.UserId);
        var query = new EntryQuery(
            $"SELECT current_setting('{TenantConnectionInterceptor.SettingName}'), (SELECT count(*) FROM users), @p0::int + 1", 41);
        db.Tenant.RunOnEntry(query);

        await db.Database.OpenConnectionAsync();
        Assert.True(query.Ran);
        Assert.Equal([account.OrganizationId.ToString("D"), 1L, 42], query.Row!);

        await db.Database.CloseConnectionAsync();
        var again = new EntryQuery("SELECT 1 WHERE false");
        db.Tenant.RunOnEntry(again);
        await db.Database.OpenConnectionAsync();
        Assert.True(again.Ran);
        Assert.Null(again.Row);
        await db.Database.CloseConnectionAsync();
    }

    [Fact]
    public async Task Is_consumed_by_the_open_it_rides_on()
    {
        var account = await api.RegisterAsync();
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlugsDbContext>();
        db.Tenant.Enter(account.OrganizationId);
        var query = new EntryQuery("SELECT clock_timestamp()");
        db.Tenant.RunOnEntry(query);
        await db.Database.OpenConnectionAsync();
        await db.Database.CloseConnectionAsync();
        var first = Assert.Single(query.Row!);

        await db.Database.OpenConnectionAsync(); // a later open of the same unit of work
        await db.Database.CloseConnectionAsync();
        Assert.Equal(first, Assert.Single(query.Row!));
    }

    [Fact]
    public async Task A_withdrawn_query_does_not_run()
    {
        var account = await api.RegisterAsync();
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlugsDbContext>();
        db.Tenant.Enter(account.OrganizationId);
        var query = new EntryQuery("SELECT 1");
        db.Tenant.RunOnEntry(query);
        db.Tenant.RunOnEntry(null);
        await db.Database.OpenConnectionAsync();
        await db.Database.CloseConnectionAsync();
        Assert.False(query.Ran);
    }
}
