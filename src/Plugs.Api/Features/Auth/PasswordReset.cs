using Plugs.Api.Platform.Jobs;
using Plugs.Data.Auth;

namespace Plugs.Api.Features.Auth;

/// <summary>
/// Forgot / reset password. A valid request is answered 202 before anything about the address is
/// looked up: the lookup, the links and the mails run afterwards in the background
/// (<see cref="PasswordResetMails"/>), so the answer and the time it takes are the same whether or
/// not the address has an account. Each matching active account (one per organization) gets its
/// own link. Requests are capped per requesting client address (<see cref="AddressThrottle"/>),
/// not per e-mail address, and a new link leaves earlier ones valid: so nobody else's requests can
/// spend an owner's budget or void the link the owner is about to use. Using any link spends every
/// open one of that account.
/// </summary>
public static class PasswordReset
{
    public sealed record ForgotRequest(string? Email, Guid? OrganizationId);

    public sealed record ResetRequest(string? Token, string? NewPassword);

    /// <summary>What the background work needs: the normalized address and the organization asked for, if any.</summary>
    public sealed record Requested(string Email, Guid? OrganizationId);

    internal sealed class ForgotValidator : AbstractValidator<ForgotRequest>
    {
        public ForgotValidator() => RuleFor(x => x.Email).ValidEmail();
    }

    internal sealed class ResetValidator : AbstractValidator<ResetRequest>
    {
        public ResetValidator()
        {
            RuleFor(x => x.Token).NotEmpty().MaximumLength(200);
            RuleFor(x => x.NewPassword).ValidPassword();
        }
    }

    public static async Task<Accepted> ForgotPasswordAsync(
        ForgotRequest request, HttpContext http, AddressThrottle throttle, Backlog<Requested> queue)
    {
        await throttle.CountPasswordResetAsync(http.Connection.RemoteIpAddress?.ToString());
        queue.Enqueue(new Requested(CommonRules.NormalizeEmail(request.Email!), request.OrganizationId));
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>Sets a new password from a mailed link and ends every session of the account.</summary>
    public static async Task<NoContent> ResetPasswordAsync(
        ResetRequest request, OneTimeTokens tokens, PlugsDbContext db, PasswordHashing passwords, AuthSessions sessions,
        TimeProvider clock, CancellationToken ct)
    {
        var userId = await tokens.RedeemAsync(request.Token!, UserToken.ResetPassword, ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.IsActive, ct)
            ?? throw ProblemException.BadRequest("The link is invalid, expired or already used.", "invalid_token");
        user.PasswordHash = passwords.Hash(request.NewPassword!);
        if (!user.IsVerified)
        {
            // Following the mailed link proves the address.
            user.IsVerified = true;
            user.VerifiedAt = clock.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(ct);
        await sessions.RevokeAllAsync(user.Id, AuthSessions.ReasonPasswordReset, ct);
        return TypedResults.NoContent();
    }
}
