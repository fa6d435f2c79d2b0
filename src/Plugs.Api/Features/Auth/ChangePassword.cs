
namespace Plugs.Api.Features.Auth;

/// <summary>
/// Changes the caller's password. Every session of the user, this one included, ends at once;
/// the response carries a fresh session so the caller stays signed in.
/// </summary>
public static class ChangePassword
{
    public sealed record Request(string? CurrentPassword, string? NewPassword);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.CurrentPassword).NotEmpty().MaximumLength(CommonRules.PasswordMaxLength);
            RuleFor(x => x.NewPassword).ValidPassword()
                .NotEqual(x => x.CurrentPassword).WithMessage("Must differ from the current password.");
        }
    }

    public static async Task<Ok<TokenResponse>> HandleAsync(
        Request request, HttpContext http, CurrentUser current, PlugsDbContext db, PasswordHashing passwords,
        LoginThrottle throttle, AuthSessions sessions, CancellationToken ct)
    {
        var user = await db.Users.FirstAsync(u => u.Id == current.UserId, ct);
        // A stolen access token must not become a way to guess the password: the same limits as login.
        await throttle.CountAddressAsync(http.Connection.RemoteIpAddress?.ToString());
        await throttle.CountAccountAsync(user.Email);
        if (passwords.Verify(user.PasswordHash, request.CurrentPassword!) == PasswordCheck.Invalid)
        {
            throw ValidationProblemException.For("current_password", "The current password is incorrect.");
        }
        await throttle.RecordSuccessAsync(user.Email);
        user.PasswordHash = passwords.Hash(request.NewPassword!);
        Plugs.Data.Audit.AuditTrail.Action(db, Plugs.Data.Audit.AuditAction.PasswordChanged, "users", user.Id);
        await db.SaveChangesAsync(ct);
        await sessions.RevokeAllAsync(user.Id, AuthSessions.ReasonPasswordChanged, ct);
        return TypedResults.Ok(await sessions.StartAsync(user, ct));
    }
}
