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

    /// <summary>
    /// A client of this host signed in as <paramref name="account"/>. Access tokens live 15 minutes
    /// on this host's clock, so the client signs in again through this host whenever the clock has
    /// moved past its token's life — as a browser refreshes its session.
    /// </summary>
    public HttpClient ClientOf(Account account)
    {
        var client = _host.CreateDefaultClient(new SignedIn(this, account));
        client.DefaultRequestHeaders.Add("X-Forwarded-For", PlugsApiFactory.ClientAddress());
        return client;
    }

    /// <summary>The access token each account signed in with on this host, and when it is renewed: shared by its clients, so parallel clients sign in once, not each.</summary>
    private readonly Dictionary<string, (string Token, DateTimeOffset RenewAt)> _sessions = [];
    private readonly SemaphoreSlim _signingIn = new(1, 1);

    private sealed class SignedIn(FakeClockHost host, Account account) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string token;
            await host._signingIn.WaitAsync(cancellationToken);
            try
            {
                if (!host._sessions.TryGetValue(account.Email, out var session) || host.Clock.GetUtcNow() >= session.RenewAt)
                {
                    using var login = new HttpRequestMessage(HttpMethod.Post, new Uri(request.RequestUri!, "/api/v1/auth/login"))
                    {
                        Content = System.Net.Http.Json.JsonContent.Create(new { email = account.Email, password = Accounts.Password }),
                    };
                    foreach (var forwarded in request.Headers.TryGetValues("X-Forwarded-For", out var values) ? values : [])
                    {
                        login.Headers.Add("X-Forwarded-For", forwarded);
                    }
                    using var answer = await base.SendAsync(login, cancellationToken);
                    answer.EnsureSuccessStatusCode();
                    session = ((await answer.JsonAsync())["access_token"]!.GetValue<string>(), host.Clock.GetUtcNow() + TimeSpan.FromMinutes(10));
                    host._sessions[account.Email] = session;
                }
                token = session.Token;
            }
            finally
            {
                host._signingIn.Release();
            }
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return await base.SendAsync(request, cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        _signingIn.Dispose();
        return _host.DisposeAsync();
    }
}
