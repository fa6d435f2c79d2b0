using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Plugs.Api.Platform.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA512 through ASP.NET Core Identity's hasher (salted, versioned format that
/// records its iteration count, so raising the count later rehashes on the next login).
/// </summary>
public sealed class PasswordHashing
{
    private readonly PasswordHasher<object> hasher;
    // Verified against when no account matches, so that a missing e-mail costs the same time.
    private readonly Lazy<string> decoy;

    public PasswordHashing(IOptions<AuthOptions> options)
    {
        hasher = new(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = options.Value.PasswordHashIterations,
        }));
        decoy = new(() => hasher.HashPassword(this, Guid.NewGuid().ToString()));
    }

    public string Hash(string password) => hasher.HashPassword(this, password);

    public PasswordCheck Verify(string hash, string password) => hasher.VerifyHashedPassword(this, hash, password) switch
    {
        PasswordVerificationResult.Success => PasswordCheck.Valid,
        PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.ValidNeedsRehash,
        _ => PasswordCheck.Invalid,
    };

    public void VerifyDecoy(string password) => hasher.VerifyHashedPassword(this, decoy.Value, password);
}

public enum PasswordCheck
{
    Invalid,
    Valid,
    ValidNeedsRehash,
}
