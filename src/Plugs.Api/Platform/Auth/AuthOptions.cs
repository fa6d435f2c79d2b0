namespace Plugs.Api.Platform.Auth;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "the-plugs";
    public string Audience { get; set; } = "the-plugs-api";
    /// <summary>Base64 HMAC-SHA256 key, at least 32 bytes. Required unless the database is the embedded SQLite default.</summary>
    public string? SigningKey { get; set; }
    public int AccessTokenMinutes { get; set; } = 15;
    public int RefreshTokenDays { get; set; } = 30;
    public int ClockSkewSeconds { get; set; } = 30;
    /// <summary>PBKDF2-HMAC-SHA512 iterations; OWASP's 2023 figure is 210,000.</summary>
    public int PasswordHashIterations { get; set; } = 210_000;
    /// <summary>Consecutive wrong passwords for one e-mail before it is locked for <see cref="LockoutSeconds"/>.</summary>
    public int MaxFailedLogins { get; set; } = 5;
    public int LockoutSeconds { get; set; } = 900;
    /// <summary>Failed logins from one IP address within <see cref="LockoutSeconds"/> before it is throttled.</summary>
    public int MaxFailedLoginsPerIp { get; set; } = 50;
    /// <summary>Sign-ups from one client address per <see cref="RegistrationWindowSeconds"/> (each costs a password hash and creates an organization).</summary>
    public int MaxRegistrationsPerIp { get; set; } = 10;
    public int RegistrationWindowSeconds { get; set; } = 3600;
    /// <summary>Forgot-password requests from one client address per <see cref="PasswordResetWindowSeconds"/>, whatever addresses they name.</summary>
    public int MaxPasswordResetsPerIp { get; set; } = 10;
    public int PasswordResetWindowSeconds { get; set; } = 3600;
    public int EmailTokenHours { get; set; } = 48;
    public int PasswordResetMinutes { get; set; } = 60;
    public int InvitationDays { get; set; } = 7;
}
