using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Auth;

/// <summary>
/// A second host of the API on the same database, state store and mail directory whose clock only
/// moves when the test says so (it starts at the real time, so the tokens it mints are valid).
/// Throttling windows are read from this clock on both providers, so a test moves past one with
/// <see cref="FakeTimeProvider.Advance"/> instead of sleeping.
/// </summary>
public sealed class FakeClockHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _host;

    public FakeClockHost(PlugsApiFactory api)
    {
        Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _host = api.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
        // Started here: the factory starts its server on first use, and concurrent first uses
        // (clients created in parallel) would each start one.
        _ = _host.Server;
    }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>A client of this host calling from <paramref name="address"/> (a fresh one of its own when null).</summary>
    public HttpClient CreateClient(string? address = null)
    {
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address ?? PlugsApiFactory.ClientAddress());
        return client;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
