using System.Security.Cryptography;
using System.Text;

namespace Plugs.Api.Features.Webhooks;

/// <summary>
/// Standard Webhooks signatures: <c>webhook-signature: v1,&lt;base64 HMAC-SHA256 of
/// "{webhook-id}.{webhook-timestamp}.{body}"&gt;</c>, keyed by the secret's bytes (the base64 after
/// <c>whsec_</c>), one space-separated signature per live secret (during a rotation, the new and
/// the previous), so a receiver holding either accepts the request.
/// </summary>
public static class WebhookSignature
{
    public static string Sign(string messageId, long timestamp, ReadOnlySpan<byte> body, IEnumerable<string> secrets)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return string.Join(' ', secrets.Select(secret => "v1," + Convert.ToBase64String(HMACSHA256.HashData(Key(secret), signed))));
    }

    /// <summary>Whether <paramref name="header"/> carries a valid signature by <paramref name="secret"/> (constant-time comparison).</summary>
    public static bool Verify(string messageId, long timestamp, ReadOnlySpan<byte> body, string header, string secret)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(messageId, timestamp, body, [secret]));
        return header.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected));
    }

    private static byte[] Key(string secret) =>
        Convert.FromBase64String(secret.StartsWith(WebhookSecrets.Prefix, StringComparison.Ordinal) ? secret[WebhookSecrets.Prefix.Length..] : secret);
}
