using Microsoft.Extensions.Options;
using Plugs.Api.Platform.Mail;
using Plugs.Data.Auth;
using Plugs.Data.Users;

namespace Plugs.Api.Features.Auth;

/// <summary>Proves a user owns their address: a mailed one-time link, redeemed at <c>POST /auth/verify-email</c>.</summary>
public static class EmailVerification
{
    public sealed record Request(string? Token);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(x => x.Token).NotEmpty().MaximumLength(200);
    }

    /// <summary>Issues a link (earlier ones stop working) inside the caller's unit of work; mails it once that has committed.</summary>
    public sealed class Sender(OneTimeTokens tokens, MailOutbox mail, IOptions<AuthOptions> options)
    {
        public Task<string> IssueAsync(User user, CancellationToken ct) =>
            tokens.IssueAsync(user.Id, UserToken.VerifyEmail, TimeSpan.FromHours(options.Value.EmailTokenHours), replace: true, ct);

        /// <summary>Never fails the request (<see cref="MailOutbox"/>); <c>POST /auth/verify-email/resend</c> asks again.</summary>
        public void Send(User user, string token) =>
            mail.Send(user.Email, "Confirm your e-mail address",
                $"Hello {user.FirstName},\n\nConfirm your address for The Plugs by opening:\n{mail.Link("verify-email", token)}\n\nThe link expires in {options.Value.EmailTokenHours} hours.\n");
    }

    public static async Task<NoContent> VerifyEmailAsync(Request request, OneTimeTokens tokens, PlugsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var userId = await tokens.RedeemAsync(request.Token!, UserToken.VerifyEmail, ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct)
            ?? throw ProblemException.BadRequest("The link is invalid, expired or already used.", "invalid_token");
        if (!user.IsVerified)
        {
            user.IsVerified = true;
            user.VerifiedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.NoContent();
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> ResendVerificationEmailAsync(CurrentUser current, PlugsDbContext db, Sender sender, CancellationToken ct)
    {
        var user = await db.Users.FirstAsync(u => u.Id == current.UserId, ct);
        if (user.IsVerified)
        {
            return TypedResults.Problem("The e-mail address is already verified.", statusCode: 409, title: "Conflict",
                extensions: new Dictionary<string, object?> { ["code"] = "already_verified" });
        }
        sender.Send(user, await sender.IssueAsync(user, ct));
        return TypedResults.Accepted((string?)null);
    }
}
