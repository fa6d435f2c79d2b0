using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Auth;

/// <summary>
/// Two API instances on one PostgreSQL and one Redis, as behind a load balancer: what one
/// instance revokes, the other refuses on its very next request (each checks the session in the database).
/// </summary>
public sealed class MultiInstanceTests(PostgresApiFactory first) : IClassFixture<PostgresApiFactory>
{
    [Fact]
    public async Task Logout_on_one_instance_is_refused_at_once_by_the_other()
    {
        await using var second = first.CreatePeer();
        var account = await first.RegisterAsync();
        using var onSecond = second.CreateClient(account.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/api/v1/auth/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.PostAsync("/api/v1/auth/logout", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await onSecond.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Deactivation_on_one_instance_is_refused_at_once_by_the_other()
    {
        await using var second = first.CreatePeer();
        var admin = await first.RegisterAsync();
        var member = await first.AddMemberAsync(admin);
        using var memberOnSecond = second.CreateClient(member.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await memberOnSecond.GetAsync("/api/v1/auth/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{member.UserId}", new { is_active = false })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await memberOnSecond.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Secrets_protected_by_one_instance_are_readable_by_the_other()
    {
        await using var second = first.CreatePeer();
        await first.RegisterAsync(); // starts the first host
        var protector = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        var unprotector = second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("webhook secret", unprotector.Unprotect(protector.Protect("webhook secret")));
    }

    [Fact]
    public async Task Login_throttling_is_shared_between_instances()
    {
        await using var second = first.CreatePeer();
        var account = await first.RegisterAsync();
        using var a = first.CreateAnonymousClient();
        using var b = second.CreateAnonymousClient();
        for (var i = 0; i < 5; i++)
        {
            var client = i % 2 == 0 ? a : b;
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = "wrong password!" })).StatusCode);
        }
        await (await b.PostAsJsonAsync("/api/v1/auth/login", new { email = account.Email, password = Accounts.Password })).ProblemAsync(HttpStatusCode.TooManyRequests);
    }
}
