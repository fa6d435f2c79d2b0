using Plugs.Api.Features.Organizations;
using Plugs.Api.Features.Users;

namespace Plugs.Api.Features.Auth;

public static class AuthEndpoints
{
    public static void MapAuth(this IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/register", Register.HandleAsync).Validates<Register.Request>().ProducesProblem(StatusCodes.Status429TooManyRequests).AllowAnonymous();
        auth.MapPost("/login", Login.HandleAsync).CountsLoginAttempts().Validates<Login.Request>().AllowAnonymous();
        auth.MapPost("/refresh", RefreshSessionAsync).Validates<RefreshRequest>().AllowAnonymous();
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization();
        auth.MapGet("/me", GetCurrentUserAsync).RequireAuthorization();
        auth.MapPost("/change-password", ChangePassword.HandleAsync).Validates<ChangePassword.Request>().RequireAuthorization();
        auth.MapPost("/forgot-password", PasswordReset.ForgotPasswordAsync).Validates<PasswordReset.ForgotRequest>().ProducesProblem(StatusCodes.Status429TooManyRequests).AllowAnonymous();
        auth.MapPost("/reset-password", PasswordReset.ResetPasswordAsync).Validates<PasswordReset.ResetRequest>().AllowAnonymous();
        auth.MapPost("/verify-email", EmailVerification.VerifyEmailAsync).Validates<EmailVerification.Request>().AllowAnonymous();
        auth.MapPost("/verify-email/resend", EmailVerification.ResendVerificationEmailAsync).RequireAuthorization();
    }

    public sealed record RefreshRequest(string? RefreshToken);

    internal sealed class RefreshRequestValidator : AbstractValidator<RefreshRequest>
    {
        public RefreshRequestValidator() => RuleFor(x => x.RefreshToken).NotEmpty().MaximumLength(200);
    }

    private static async Task<Ok<TokenResponse>> RefreshSessionAsync(RefreshRequest request, AuthSessions sessions, CancellationToken ct) =>
        TypedResults.Ok(await sessions.RotateAsync(request.RefreshToken!, ct));

    /// <summary>Ends the caller's session: its refresh tokens stop working and its access tokens are refused at once.</summary>
    private static async Task<NoContent> LogoutAsync(CurrentUser user, AuthSessions sessions, PlugsDbContext db, CancellationToken ct)
    {
        await sessions.RevokeAsync([user.SessionId], AuthSessions.ReasonLogout, ct);
        Plugs.Data.Audit.AuditTrail.Action(db, Plugs.Data.Audit.AuditAction.SignedOut, "users", user.UserId);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    public sealed record MeResponse(UserResponse User, OrganizationResponse Organization);

    private static async Task<Ok<MeResponse>> GetCurrentUserAsync(CurrentUser current, PlugsDbContext db, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == current.UserId, ct)
            ?? throw ProblemException.NotFound("user");
        var organization = await db.Organizations.AsNoTracking().FirstAsync(ct);
        return TypedResults.Ok(new MeResponse(UserResponse.From(user), OrganizationResponse.From(organization)));
    }
}
