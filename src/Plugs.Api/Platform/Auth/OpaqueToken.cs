using System.Buffers.Text;
using System.Security.Cryptography;

namespace Plugs.Api.Platform.Auth;

/// <summary>
/// Refresh, verification, reset and invitation tokens: 16 bytes of organization id followed by
/// 32 random bytes, base64url. The organization part lets the server scope the lookup to one
/// tenant (RLS stays on); only the SHA-256 of the whole token is ever stored.
/// </summary>
public static class OpaqueToken
{
    private const int SecretBytes = 32;

    public static (string Token, string Hash) Create(Guid organizationId)
    {
        Span<byte> raw = stackalloc byte[16 + SecretBytes];
        organizationId.TryWriteBytes(raw[..16]);
        RandomNumberGenerator.Fill(raw[16..]);
        return (Base64Url.EncodeToString(raw), Hash(raw));
    }

    public static bool TryParse(string? token, out Guid organizationId, out string hash)
    {
        organizationId = Guid.Empty;
        hash = "";
        Span<byte> raw = stackalloc byte[16 + SecretBytes];
        if (token is null || token.Length != Base64Url.GetEncodedLength(raw.Length)
            || !Base64Url.TryDecodeFromChars(token, raw, out var written) || written != raw.Length)
        {
            return false;
        }
        organizationId = new Guid(raw[..16]);
        hash = Hash(raw);
        return true;
    }

    private static string Hash(ReadOnlySpan<byte> raw) => Convert.ToHexStringLower(SHA256.HashData(raw));
}
