using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Plugs.Api.Features.Webhooks;

/// <summary>
/// Signing secrets in the Standard Webhooks form (<c>whsec_</c> + base64 of 32 random bytes),
/// encrypted at rest with Data Protection (keys shared by every instance) and shown to a client
/// only once, when created or rotated.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    public const string Prefix = "whsec_";

    /// <summary>How long the previous secret keeps signing after a rotation, so receivers can switch over.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    private readonly IDataProtector _protector = protection.CreateProtector("Plugs.Webhooks.SigningSecret.v1");

    public (string Secret, string Encrypted) Create()
    {
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return (secret, _protector.Protect(secret));
    }

    public string Reveal(string encrypted) => _protector.Unprotect(encrypted);
}
