using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Platform;

/// <summary>
/// With a certificate configured, the Data Protection keys the instances share through the
/// database are stored encrypted to it: a copy of the database no longer holds what decrypts the
/// secrets in it. Each test class gets a database of its own, so its key ring starts empty.
/// </summary>
public sealed class KeyEncryptionTests(PostgresApiFactory api) : IClassFixture<PostgresApiFactory>, IDisposable
{
    private const string Password = "certificate password";
    private readonly string _directory = Directory.CreateTempSubdirectory("plugs-keys-").FullName;

    private string CreateCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_directory, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    private WebApplicationFactory<Program> Instance(string? certificate, string password = Password) =>
        api.WithWebHostBuilder(b => b
            .UseSetting("DataProtection:CertificatePath", certificate ?? "")
            .UseSetting("DataProtection:CertificatePassword", password));

    private async Task<List<string>> StoredKeysAsync()
    {
        var connection = new NpgsqlConnectionStringBuilder(PostgresApiFactory.AdminConnectionString) { Database = api.DatabaseName }.ConnectionString;
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys", db);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }
        return keys;
    }

    [Fact]
    public async Task Keys_are_stored_encrypted_and_only_instances_with_the_certificate_can_use_them()
    {
        var certificate = CreateCertificate("plugs-keys");
        await using var first = Instance(certificate);
        var secret = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("webhook secret");

        var stored = Assert.Single(await StoredKeysAsync());
        Assert.Contains("EncryptedData", stored);
        Assert.DoesNotContain("<value>", stored); // the unencrypted form keeps the key material there

        await using var peer = Instance(certificate);
        Assert.Equal("webhook secret", peer.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));

        await using var without = Instance(null);
        Assert.ThrowsAny<CryptographicException>(() =>
            without.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));
        await using var otherCertificate = Instance(CreateCertificate("someone-else"));
        Assert.ThrowsAny<CryptographicException>(() =>
            otherCertificate.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_loaded_stops_startup_with_the_setting_named()
    {
        var certificate = CreateCertificate("plugs-keys-bad");
        foreach (var instance in new[] { Instance(Path.Combine(_directory, "missing.pfx")), Instance(certificate, "wrong password") })
        {
            await using (instance)
            {
                var error = Assert.ThrowsAny<Exception>(() => instance.Services);
                Assert.Contains("DataProtection:CertificatePath", error.ToString());
            }
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
