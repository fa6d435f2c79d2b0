using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Plugs.Api.Platform.Outgoing;

/// <summary>Settings for requests the server sends to addresses its clients choose (section <c>Webhooks</c>: <c>Webhooks__AllowedPrivateNetworks__0</c>, <c>Webhooks__AllowHttp</c>).</summary>
public sealed class OutgoingOptions
{
    /// <summary>Private networks (CIDR) requests may still go to, e.g. <c>127.0.0.1/32</c> in tests; none by default.</summary>
    public List<string> AllowedPrivateNetworks { get; set; } = [];

    /// <summary>Whether plain <c>http</c> targets are allowed (development); <c>https</c> only by default.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Connect plus response, per request.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How much of a response body is read; the rest is never downloaded.</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024;
}

/// <summary>A request refused before it was sent: the target is not one the server may reach.</summary>
public sealed class RefusedTargetException(string message) : HttpRequestException(message);

/// <summary>
/// The one way the server sends requests to client-chosen URLs, guarded against SSRF: the URL is
/// checked when it is saved (<see cref="CheckUrlAsync"/>: scheme, no credentials, every address the
/// name resolves to public) and again at connect time — the socket connects only to an address
/// checked in <see cref="SocketsHttpHandler.ConnectCallback"/>, so a DNS answer that changes between
/// the two (rebinding) cannot reach a private address. Redirects are not followed; connect plus
/// response is bounded by <see cref="OutgoingOptions.Timeout"/>.
/// </summary>
public sealed class OutgoingHttp
{
    public const string ClientName = "outgoing";

    private readonly OutgoingOptions _options;

    public OutgoingHttp(IOptions<OutgoingOptions> options)
    {
        _options = options.Value;
        Addresses = new PublicAddresses(_options.AllowedPrivateNetworks.Select(IPNetwork.Parse));
    }

    public PublicAddresses Addresses { get; }

    public OutgoingOptions Options => _options;

    /// <summary>Why <paramref name="url"/> may not be a target, or null when it may (resolves its host).</summary>
    public async Task<string?> CheckUrlAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return "Must be an absolute https URL.";
        }
        if (uri.Scheme == "http" && !_options.AllowHttp)
        {
            return "Must use https.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "Must not contain credentials.";
        }
        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            return "Must not contain a fragment.";
        }
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            return "Its host name does not resolve.";
        }
        return addresses.Length == 0 ? "Its host name does not resolve."
            : addresses.All(Addresses.IsAllowed) ? null
            : "Must resolve to public addresses only.";
    }

    /// <summary>The handler every outgoing client uses (registered for <see cref="ClientName"/>).</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        ConnectTimeout = _options.Timeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, ct);
        if (addresses.Length == 0 || !addresses.All(Addresses.IsAllowed))
        {
            throw new RefusedTargetException($"{context.DnsEndPoint.Host} does not resolve to public addresses only.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    /// <summary>Reads at most <see cref="OutgoingOptions.MaxResponseBytes"/> of a response body as text.</summary>
    public async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[_options.MaxResponseBytes];
        var read = 0;
        while (read < buffer.Length && await body.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0)
        {
            read += n;
        }
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }
}

public static class OutgoingSetup
{
    public static IServiceCollection AddOutgoingHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutgoingOptions>().Bind(configuration.GetSection("Webhooks"))
            .Validate(o => o.AllowedPrivateNetworks.All(n => IPNetwork.TryParse(n, out _)), "Webhooks:AllowedPrivateNetworks must be CIDR ranges such as 127.0.0.1/32.")
            .ValidateOnStart();
        services.AddSingleton<OutgoingHttp>();
        services.AddHttpClient(OutgoingHttp.ClientName, (sp, client) =>
            {
                client.Timeout = sp.GetRequiredService<OutgoingHttp>().Options.Timeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("ThePlugs-Webhooks/1");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutgoingHttp>().CreateHandler());
        return services;
    }
}
