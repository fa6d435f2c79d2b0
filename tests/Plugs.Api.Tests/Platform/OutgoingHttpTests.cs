using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Plugs.Api.Platform.Outgoing;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Platform;

/// <summary>
/// The SSRF guard every request to a client-chosen URL goes through (webhooks): refused when the
/// URL is saved and again at connect time, against a real HTTP server on 127.0.0.1.
/// </summary>
public sealed class OutgoingHttpTests(SqliteApiFactory api) : IClassFixture<SqliteApiFactory>, IAsyncLifetime
{
    private WebApplication? _receiver;
    private string _receiverUrl = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapGet("/ok", () => "hello");
        _receiver.MapGet("/redirect", () => Results.Redirect("/ok"));
        _receiver.MapGet("/big", () => Results.Text(new string('x', 200_000)));
        await _receiver.StartAsync();
        _receiverUrl = _receiver.Urls.Single();
    }

    public async Task DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    private static PublicAddresses Defaults => new([]);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::")]
    [InlineData("2001:db8::1")]
    public void Loopback_private_link_local_and_embedded_forms_are_refused(string address) =>
        Assert.False(Defaults.IsAllowed(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address) => Assert.True(Defaults.IsAllowed(IPAddress.Parse(address)), address);

    [Fact]
    public void An_operator_allowed_network_is_allowed_and_nothing_beside_it()
    {
        var addresses = new PublicAddresses([IPNetwork.Parse("127.0.0.1/32")]);
        Assert.True(addresses.IsAllowed(IPAddress.Parse("127.0.0.1")));
        Assert.True(addresses.IsAllowed(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.False(addresses.IsAllowed(IPAddress.Parse("127.0.0.2")));
        Assert.False(addresses.IsAllowed(IPAddress.Parse("::1")));
    }

    [Theory]
    [InlineData("not a url", "absolute")]
    [InlineData("ftp://8.8.8.8/hook", "absolute")]
    [InlineData("http://8.8.8.8/hook", "https")]
    [InlineData("https://user:secret@8.8.8.8/hook", "credentials")]
    [InlineData("https://127.0.0.1/hook", "public")]
    [InlineData("https://0x7f000001/hook", "public")]
    [InlineData("https://2130706433/hook", "public")]
    [InlineData("https://[::1]/hook", "public")]
    [InlineData("https://[::ffff:7f00:1]/hook", "public")]
    [InlineData("https://169.254.169.254/latest/meta-data", "public")]
    [InlineData("https://localhost/hook", "public")]
    public async Task A_url_is_refused_when_saved_with_the_reason(string url, string reason)
    {
        var outgoing = api.Services.GetRequiredService<OutgoingHttp>();
        var refusal = await outgoing.CheckUrlAsync(url, CancellationToken.None);
        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_public_https_url_passes_the_save_check()
    {
        var outgoing = api.Services.GetRequiredService<OutgoingHttp>();
        Assert.Null(await outgoing.CheckUrlAsync("https://8.8.8.8/hooks/plugs?x=1", CancellationToken.None));
    }

    [Fact]
    public async Task The_connect_time_check_refuses_loopback_whatever_the_url_passed_before()
    {
        var client = api.Services.GetRequiredService<IHttpClientFactory>().CreateClient(OutgoingHttp.ClientName);
        var refused = await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync($"{_receiverUrl}/ok"));
        Assert.True(refused is RefusedTargetException || refused.InnerException is RefusedTargetException, refused.ToString());
    }

    [Fact]
    public async Task With_loopback_allowed_requests_connect_never_follow_redirects_and_read_a_bounded_body()
    {
        using var allowed = api.WithWebHostBuilder(b => b.UseSetting("Webhooks:AllowedPrivateNetworks:0", "127.0.0.1/32").UseSetting("Webhooks:AllowHttp", "true"));
        var outgoing = allowed.Services.GetRequiredService<OutgoingHttp>();
        var client = allowed.Services.GetRequiredService<IHttpClientFactory>().CreateClient(OutgoingHttp.ClientName);
        Assert.Null(await outgoing.CheckUrlAsync($"{_receiverUrl}/ok", CancellationToken.None));

        var ok = await client.GetAsync($"{_receiverUrl}/ok");
        Assert.Equal("hello", await outgoing.ReadBoundedAsync(ok, CancellationToken.None));
        var redirect = await client.GetAsync($"{_receiverUrl}/redirect");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        using var big = await client.GetAsync($"{_receiverUrl}/big", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(64 * 1024, (await outgoing.ReadBoundedAsync(big, CancellationToken.None)).Length);

    }
}
