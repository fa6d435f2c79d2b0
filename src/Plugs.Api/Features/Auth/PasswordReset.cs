using Microsoft.Extensions.Options;
using Plugs.Api.Platform.Caching;
using Plugs.Api.Platform.Mail;
using Plugs.Data.Auth;
using Plugs.Data.Tenancy;

namespace Plugs.Api.Features.Auth;

/// <summary>
/// Forgot / reset password. The request always answers 202, whether or not the address exists;
/// each matching active account (one per organization) gets its own mailed link, at most
/// <see cref="MaxResetMailsPerHour"/> times an hour per address.
/// </summary>
public static class PasswordReset
{
    public sealed record ForgotRequest(string? Email, Guid? OrganizationId);

    public sealed record ResetRequest(string? Token, string? NewPassword);

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

    /// <summary>Reset mails per address per hour; beyond it requests still answer 202 but send nothing.</summary>
    public const int MaxResetMailsPerHour = 5;

    public static async Task<Accepted> ForgotAsync(
        ForgotRequest request, PlugsDbContext db, IServiceScopeFactory scopes, IAttemptCounter counter, CancellationToken ct)
    {
        var email = CommonRules.NormalizeEmail(request.Email!);
        var (sent, _) = await counter.IncrementAsync("forgot:" + email, TimeSpan.FromHours(1));
        if (sent > MaxResetMailsPerHour)
        {
            return TypedResults.Accepted((string?)null); // no mailbox flooding, and no tell
        }
        var accounts = (await AccountDirectory.FindByEmailAsync(db, email, ct))
            .Where(a => a.IsActive && a.OrganizationIsActive && (request.OrganizationId is null || a.OrganizationId == request.OrganizationId));
        foreach (var account in accounts)
        {
            // Each organization is its own unit of work: a scope never switches tenants.
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(account.OrganizationId, account.Id);
            await SendLinkAsync(scope.ServiceProvider, account, ct);
        }
        return TypedResults.Accepted((string?)null);
    }

    private static async Task SendLinkAsync(IServiceProvider services, AccountCandidate account, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var mail = services.GetRequiredService<MailOutbox>();
        var token = await services.GetRequiredService<OneTimeTokens>()
            .IssueAsync(account.Id, UserToken.ResetPassword, TimeSpan.FromMinutes(options.PasswordResetMinutes), ct);
        var db = services.GetRequiredService<PlugsDbContext>();
        var email = await db.Users.Where(u => u.Id == account.Id).Select(u => u.Email).FirstAsync(ct);
        mail.Send(email, $"Reset your password for {account.OrganizationName}",
            $"Someone asked to reset the password of your account in {account.OrganizationName} on The Plugs.\n\n" +
            $"Choose a new password here:\n{mail.Link("reset-password", token)}\n\n" +
            $"The link expires in {options.PasswordResetMinutes} minutes. If it wasn't you, ignore this message.\n");
    }

    /// <summary>Sets a new password from a mailed link and ends every session of the account.</summary>
    public static async Task<NoContent> ResetAsync(
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
