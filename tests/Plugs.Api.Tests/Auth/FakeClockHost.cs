using Microsoft.AspNetCore.Hosting;
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

    /// <param name="settings">Configuration of this host only (on top of the factory's), such as a window's length.</param>
    public FakeClockHost(PlugsApiFactory api, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _host = api.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                b.UseSetting(key, value);
            }
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
        });
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

    /// <summary>A client of this host signed in as <paramref name="account"/> (its token is valid here too: one signing key, one database).</summary>
    public HttpClient ClientOf(Account account)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", account.AccessToken);
        return client;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
