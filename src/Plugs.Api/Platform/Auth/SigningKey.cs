using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Plugs.Api.Platform.Database;

namespace Plugs.Api.Platform.Auth;

/// <summary>
/// The JWT signing key: <c>Auth__SigningKey</c> (base64, ≥ 32 bytes). On the embedded SQLite
/// default, when none is configured, one is generated once and kept in the data directory so
/// tokens survive restarts; with PostgreSQL (production, several instances) it is required.
/// </summary>
internal static class SigningKey
{
    public static SymmetricSecurityKey Resolve(AuthOptions auth, DatabaseOptions database, string dataDirectory)
    {
        var configured = auth.SigningKey;
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (database.Provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException("Auth:SigningKey (Auth__SigningKey) is required when Database:Provider is Postgres. Generate one with: openssl rand -base64 48");
            }
            configured = LoadOrCreate(Path.Combine(dataDirectory, "jwt-signing.key"));
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(configured.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Auth:SigningKey must be base64.");
        }
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must decode to at least 32 bytes.");
        }
        return new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
    }

    private static string LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        File.WriteAllText(path, key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return key;
    }
}
