using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Plugs.Api.Tests.Infrastructure;

/// <summary>
/// The real API in-process (WebApplicationFactory, full middleware pipeline), on a database
/// of its own that the real migrations build. One instance per test class; every test creates
/// its own organizations, so tests never depend on each other or on order.
/// </summary>
public abstract class PlugsApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "dGhlLXBsdWdzLXRlc3Qtc2lnbmluZy1rZXktdGhhdC1pcy1sb25nLWVub3VnaA==";

    protected string WorkDirectory { get; } = Directory.CreateTempSubdirectory("plugs-test-").FullName;

    public string MailDirectory => Path.Combine(WorkDirectory, "mail");

    public abstract bool IsPostgres { get; }

    /// <summary>Configuration of the provider under test, applied on top of <see cref="CommonSettings"/>.</summary>
    protected abstract IReadOnlyDictionary<string, string?> ProviderSettings { get; }

    private Dictionary<string, string?> CommonSettings => new()
    {
        ["Storage:DataDirectory"] = WorkDirectory,
        ["Mail:PickupDirectory"] = MailDirectory,
        ["Auth:SigningKey"] = SigningKey,
        // Real PBKDF2, fewer rounds: the suite hashes hundreds of passwords. The production
        // default (210,000) is asserted separately.
        ["Auth:PasswordHashIterations"] = "1000",
        ["ForwardedHeaders:TrustedNetworks:0"] = "0.0.0.0/0",
        // Webhook tests run the delivery worker themselves (or start hosts with it on).
        ["Webhooks:WorkerEnabled"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in CommonSettings.Concat(ProviderSettings))
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services
            .AddSingleton<IStartupFilter>(new ServerErrorScanner(_serverErrors))
            .Configure<Microsoft.AspNetCore.TestHost.TestServerOptions>(o => o.PreserveExecutionContext = true));
    }

    /// <summary>The 5xx answers to requests sent outside any test (from a fixture); the class fails when it is not empty.</summary>
    private readonly List<string> _serverErrors = [];

    public virtual Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await DropDatabaseAsync();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A straggling file handle must not fail the run; the OS cleans temp.
        }
        lock (_serverErrors)
        {
            Assert.True(_serverErrors.Count == 0, $"The API answered {_serverErrors.Count} request(s) sent outside a test with 5xx:\n{string.Join('\n', _serverErrors.Take(20))}");
        }
    }

    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;

    /// <summary>A client that looks like it comes from its own IP address (login throttling is per IP).</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", ClientAddress());
        return client;
    }

    /// <summary>A documentation-range IPv6 address that no other client of the run shares.</summary>
    public static string ClientAddress() => $"2001:db8::{Random.Shared.Next(1, 0xffff):x}:{Random.Shared.Next(1, 0xffff):x}";

    public HttpClient CreateClient(string accessToken)
    {
        var client = CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
