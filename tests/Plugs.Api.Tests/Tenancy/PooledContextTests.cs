using System.Net;
using System.Net.Http.Json;
using Plugs.Api.Tests.Contacts;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Tenancy;

/// <summary>
/// Database contexts are pooled and an authenticated request holds its connection open with its
/// tenant setting. Requests of different tenants, and anonymous ones, interleaved on the same
/// pool must each see exactly their own tenant: a context going back to the pool must not keep a
/// connection (and its setting) for the next request.
/// </summary>
public abstract class PooledContextTests(PlugsApiFactory api)
{
    [Fact]
    public async Task Interleaved_requests_of_two_tenants_and_anonymous_logins_each_see_their_own_tenant()
    {
        var a = await api.RegisterAsync(organization: "Pool A");
        var b = await api.RegisterAsync(organization: "Pool B");
        await ContactTests.CreateAsync(a, new { first_name = "Only", last_name = "InA" });
        await ContactTests.CreateAsync(b, new { first_name = "Only", last_name = "InB" });
        using var anonymous = api.CreateClient();

        List<string> ofA = ["InA"], ofB = ["InB"];
        for (var round = 0; round < 6; round++)
        {
            Assert.Equal(ofA, await LastNamesAsync(a));
            var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = b.Email, password = b.Password });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Equal(ofB, await LastNamesAsync(b));
            await ContactTests.CreateAsync(b, new { first_name = "R", last_name = $"B{round}" });
            ofB.Add($"B{round}");
            await ContactTests.CreateAsync(a, new { first_name = "R", last_name = $"A{round}" });
            ofA.Add($"A{round}");
        }
        Assert.Equal(ofA, await LastNamesAsync(a));
        Assert.Equal(ofB, await LastNamesAsync(b));
    }

    private static async Task<List<string>> LastNamesAsync(Account account)
    {
        var response = await account.Client.GetAsync("/api/v1/contacts/?sort=created_at");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.JsonArrayAsync()).Select(c => c!["last_name"]!.GetValue<string>())];
    }
}

public sealed class PooledContextTestsOnSqlite(SqliteApiFactory api) : PooledContextTests(api), IClassFixture<SqliteApiFactory>;

public sealed class PooledContextTestsOnPostgres(PostgresApiFactory api) : PooledContextTests(api), IClassFixture<PostgresApiFactory>;
