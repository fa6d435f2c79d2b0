using System.Net;
using System.Net.Sockets;

namespace Plugs.Api.Platform.Outgoing;

/// <summary>
/// Which addresses the server may send a request to on a client's behalf (webhooks, later
/// integrations): public unicast only. Loopback, private, link-local (cloud metadata at
/// 169.254.169.254), CGNAT, multicast, reserved and documentation ranges are refused, and IPv6
/// forms that carry an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by that address. An
/// operator may allow chosen private networks (<see cref="OutgoingOptions.AllowedPrivateNetworks"/>,
/// e.g. 127.0.0.1/32 for tests and development).
/// </summary>
public sealed class PublicAddresses
{
    private static readonly IPNetwork[] NotPublic =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
        }.Select(IPNetwork.Parse),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    private readonly IPNetwork[] _allowed;

    public PublicAddresses(IEnumerable<IPNetwork> allowedPrivateNetworks) => _allowed = [.. allowedPrivateNetworks];

    /// <summary>Whether a request may go to <paramref name="address"/>.</summary>
    public bool IsAllowed(IPAddress address)
    {
        var judged = Embedded(address);
        if (_allowed.Any(n => n.Contains(judged) || n.Contains(address)))
        {
            return true;
        }
        return !NotPublic.Any(n => n.Contains(judged));
    }

    /// <summary>The IPv4 address an IPv6 address stands for, if it carries one; the address itself otherwise.</summary>
    private static IPAddress Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }
        if (SixToFour.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(2, 4));
        }
        // IPv4-compatible (::a.b.c.d, deprecated but still parsed by stacks).
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }
        return address;
    }
}
