using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Platform;

/// <summary>The embedded default with every warning and error it logs captured.</summary>
public sealed class QuietSqliteApiFactory : PlugsApiFactory
{
    public override bool IsPostgres => false;

    public ConcurrentQueue<string> Logged { get; } = new();

    protected override IReadOnlyDictionary<string, string?> ProviderSettings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(WorkDirectory, "plugs.db")}",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.AddProvider(new LogCapture(Logged)));
    }
}

/// <summary>
/// Logs say what needs someone's attention and nothing else: a fresh start on the embedded
/// default warns about nothing (the Data Protection key warning belongs to the shared PostgreSQL
/// key ring, where our own warning says what to do), and the answers clients get every day —
/// 404, 409 duplicate, 422, 401 — log no warning, error or stack trace.
/// </summary>
public sealed class StartupLogTests(QuietSqliteApiFactory api) : IClassFixture<QuietSqliteApiFactory>
{
    [Fact]
    public async Task A_fresh_start_and_everyday_refusals_log_no_warning()
    {
        var account = await api.RegisterAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await account.Client.GetAsync($"/api/v1/contacts/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await account.Client.PostAsync("/api/v1/tags", Accounts.Json("""{"name":"dup"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await account.Client.PostAsync("/api/v1/tags", Accounts.Json("""{"name":"dup"}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await account.Client.PostAsync("/api/v1/contacts", Accounts.Json("""{"first_name":1}"""))).StatusCode);
        using var anonymous = api.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/contacts")).StatusCode);
        Assert.Empty(api.Logged);
    }
}
