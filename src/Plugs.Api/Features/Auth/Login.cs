using Plugs.Data.Auth;
using Plugs.Data.Tenancy;

namespace Plugs.Api.Features.Auth;

/// <summary>
/// E-mail addresses are unique per organization, so one person may hold accounts in several.
/// The password is checked against each; if it opens more than one and the request names no
/// <c>organization_id</c>, the answer is 409 <c>organization_required</c> listing just those
/// organizations (only after the password proved itself, so nothing leaks to a guesser).
/// Every failure reads the same, whether or not the address exists.
/// </summary>
public static class Login
{
    public sealed record Request(string? Email, string? Password, Guid? OrganizationId);

    public sealed record OrganizationChoice(Guid Id, string Name);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Email).NotEmpty().MaximumLength(255);
            RuleFor(x => x.Password).NotEmpty().MaximumLength(CommonRules.PasswordMaxLength);
        }
    }

    public static async Task<Ok<TokenResponse>> HandleAsync(
        Request request, PlugsDbContext db, TenantContext tenant, PasswordHashing passwords,
        LoginThrottle throttle, AuthSessions sessions, Audit.SeparateAudit audit, CancellationToken ct)
    {
        var email = CommonRules.NormalizeEmail(request.Email!);
        // The client address was counted before validation (CountsLoginAttempts); this counts the e-mail.
        await throttle.CountAccountAsync(email);

        var candidates = (await AccountDirectory.FindByEmailAsync(db, email, ct))
            .Where(c => request.OrganizationId is null || c.OrganizationId == request.OrganizationId)
            .ToList();
        if (candidates.Count == 0)
        {
            passwords.VerifyDecoy(request.Password!);
        }
        var matches = candidates
            .Select(c => (Account: c, Check: passwords.Verify(c.PasswordHash, request.Password!)))
            .Where(m => m.Check != PasswordCheck.Invalid)
            .ToList();
        if (matches.Count == 0)
        {
            // Filed in each organization the e-mail belongs to (an unknown e-mail has none): the e-mail, never the password.
            await audit.RecordAsync(candidates.Select(c => (c.OrganizationId, (Guid?)c.Id)), Plugs.Data.Audit.AuditAction.SignInFailed, "users",
                new { email }, ct);
            throw ProblemException.Unauthorized("The e-mail or password is incorrect.", "invalid_credentials");
        }
        await throttle.RecordSuccessAsync(email);

        var usable = matches.Where(m => m.Account.IsActive && m.Account.OrganizationIsActive).ToList();
        if (usable.Count == 0)
        {
            throw ProblemException.Forbidden("This account has been deactivated.", "account_disabled");
        }
        if (usable.Count > 1)
        {
            var choice = ProblemException.Conflict(
                "This e-mail belongs to several organizations; send organization_id to choose one.", "organization_required");
            choice.Extensions["organizations"] = usable.Select(m => new OrganizationChoice(m.Account.OrganizationId, m.Account.OrganizationName)).ToList();
            throw choice;
        }

        var (account, check) = usable[0];
        tenant.Enter(account.OrganizationId, account.Id);
        var user = await db.Users.FirstAsync(u => u.Id == account.Id, ct);
        if (check == PasswordCheck.ValidNeedsRehash)
        {
            user.PasswordHash = passwords.Hash(request.Password!);
        }
        Plugs.Data.Audit.AuditTrail.Action(db, Plugs.Data.Audit.AuditAction.SignedIn, "users", user.Id); // saved with the session
        return TypedResults.Ok(await sessions.StartAsync(user, ct));
    }
}
