using Plugs.Data.Tenancy;
using Plugs.Data.Users;

namespace Plugs.Api.Features.Auth;

/// <summary>Redeems an invitation: creates the account (its e-mail counts as verified) and signs it in.</summary>
public static class AcceptInvitation
{
    public sealed record Request(string? Token, string? Password, string? FirstName, string? LastName);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.Token).NotEmpty().MaximumLength(200);
            RuleFor(x => x.Password).ValidPassword();
            RuleFor(x => x.FirstName).ValidName();
            RuleFor(x => x.LastName).ValidName();
        }
    }

    public static async Task<Created<TokenResponse>> HandleAsync(
        Request request, PlugsDbContext db, TenantContext tenant, PasswordHashing passwords, AuthSessions sessions,
        TimeProvider clock, CancellationToken ct)
    {
        var invalid = ProblemException.BadRequest("The invitation is invalid, expired, revoked or already used.", "invalid_token");
        if (!OpaqueToken.TryParse(request.Token, out var organizationId, out var hash))
        {
            throw invalid;
        }
        tenant.Enter(organizationId);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, ct) ?? throw invalid;
        if (invitation.AcceptedAt is not null || invitation.RevokedAt is not null || invitation.ExpiresAt <= now)
        {
            throw invalid;
        }
        var user = new User
        {
            Id = Guid.CreateVersion7(),
            Email = invitation.Email,
            PasswordHash = passwords.Hash(request.Password!),
            FirstName = request.FirstName!.Trim(),
            LastName = request.LastName!.Trim(),
            IsAdmin = invitation.IsAdmin,
            IsVerified = true,
            VerifiedAt = now,
        };
        tenant.Enter(organizationId, invitation.CreatedBy);
        db.Users.Add(user);
        Plugs.Data.Audit.AuditTrail.Action(db, Plugs.Data.Audit.AuditAction.InvitationAccepted, "invitations", invitation.Id, userId: user.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            throw ProblemException.Conflict("A user with this e-mail already exists in the organization.", "user_exists");
        }
        // Spend the invitation atomically, so two accepts of one link cannot both succeed
        // (the loser's transaction, and so its user, is rolled back).
        var spent = await db.Invitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteStampedUpdateAsync(db, s => s.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedUserId, user.Id), ct);
        if (spent == 0)
        {
            throw invalid;
        }
        // The session commits with the account, so a failure cannot leave an account whose
        // invitation is spent and whose person was answered with an error.
        var tokens = await sessions.StartAsync(user, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/users/{user.Id}", tokens);
    }
}
