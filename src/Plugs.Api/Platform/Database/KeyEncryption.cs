using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Plugs.Api.Platform.Database;

/// <summary>
/// Encrypts the Data Protection key ring at rest. The keys live in the database (so every
/// instance shares them), next to the integration credentials and webhook secrets they protect:
/// without this, a copy of the database is a copy of both. With <c>DataProtection:CertificatePath</c>
/// (a PKCS#12 file, password in <c>DataProtection:CertificatePassword</c>) each key is stored
/// encrypted to that certificate, which lives outside the database (a mounted secret).
/// </summary>
public static class KeyEncryption
{
    public const string CertificatePathSetting = "DataProtection:CertificatePath";
    public const string CertificatePasswordSetting = "DataProtection:CertificatePassword";

    public static IDataProtectionBuilder ProtectKeysWhenConfigured(this IDataProtectionBuilder protection, IConfiguration configuration)
    {
        if (Certificate(configuration) is { } certificate)
        {
            // Decryption looks certificates up in the machine's stores unless told which to use.
            protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        return protection;
    }

    /// <summary>Warns at startup when a shared (PostgreSQL) key ring is kept unencrypted.</summary>
    public static void WarnWhenUnprotected(WebApplication app)
    {
        if (app.Services.GetRequiredService<DatabaseOptions>().Provider == DatabaseProvider.Postgres
            && string.IsNullOrWhiteSpace(app.Configuration[CertificatePathSetting]))
        {
            app.Logger.LogWarning(
                "Data Protection keys are stored in the database unencrypted; set {Setting} to a PKCS#12 certificate (docs/operations.md)",
                CertificatePathSetting);
        }
    }

    private static X509Certificate2? Certificate(IConfiguration configuration)
    {
        var path = configuration[CertificatePathSetting];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[CertificatePasswordSetting]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InvalidOperationException($"{CertificatePathSetting} ({path}) cannot be loaded: {e.Message}", e);
        }
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException($"{CertificatePathSetting} must hold an RSA certificate with its private key.");
        }
        return certificate;
    }
}
