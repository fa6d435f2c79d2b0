using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Plugs.Api.Features.Demo;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Demo;

/// <summary>The README's `seed` command: a demo organization a newcomer can sign in to, created once.</summary>
public abstract class DemoSeederTests(PlugsApiFactory api)
{
    [Fact]
    public async Task Seed_creates_a_demo_organization_once_that_the_api_serves()
    {
        using var anonymous = api.CreateAnonymousClient(); // starts the host and migrates
        var seeder = api.Services.GetRequiredService<DemoSeeder>();
        Assert.True(await seeder.SeedAsync());
        Assert.False(await seeder.SeedAsync());

        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = DemoSeeder.Email, password = DemoSeeder.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var client = api.CreateClient((await login.JsonAsync())["access_token"]!.GetValue<string>());
        Assert.Equal("40", (await client.GetAsync("/api/v1/contacts/?limit=1")).Headers.GetValues("X-Total-Count").Single());
        Assert.Equal("1", (await client.GetAsync("/api/v1/events/?limit=1")).Headers.GetValues("X-Total-Count").Single());
        var plug = (await (await client.GetAsync("/api/v1/contacts/?contact_type=plug&tag=vip")).JsonArrayAsync()).First()!;
        Assert.Equal("plug", plug["contact_type"]!.GetValue<string>());
        Assert.NotEmpty(await (await client.GetAsync("/api/v1/introductions/")).JsonArrayAsync());
    }
}

public sealed class DemoSeederTestsOnSqlite(SqliteApiFactory api) : DemoSeederTests(api), IClassFixture<SqliteApiFactory>;

public sealed class DemoSeederTestsOnPostgres(PostgresApiFactory api) : DemoSeederTests(api), IClassFixture<PostgresApiFactory>;
