using Microsoft.Extensions.Options;
using Plugs.Api.Platform.Mail;
using Plugs.Data.Auth;

namespace Plugs.Api.Features.Auth;

/// <summary>Admins invite people by e-mail; the mailed token lets them create their account (<see cref="AcceptInvitation"/>).</summary>
public static class Invitations
{
    public sealed record CreateRequest(string? Email, bool? IsAdmin);

    public sealed record InvitationResponse(
        Guid Id, string Email, bool IsAdmin, string Status, DateTime ExpiresAt, DateTime? AcceptedAt, Guid? AcceptedUserId,
        DateTime? RevokedAt, Guid? InvitedBy, DateTime CreatedAt, DateTime UpdatedAt);

    internal sealed class CreateValidator : AbstractValidator<CreateRequest>
    {
        public CreateValidator() => RuleFor(x => x.Email).ValidEmail();
    }

    public static void MapInvitations(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/auth/invitations").WithTags("Auth");
        group.MapPost("/", CreateInvitationAsync).Validates<CreateRequest>().WithIdempotency().RequireAuthorization(AuthPolicies.Admin);
        group.MapGet("/", ListInvitationsAsync).RequireAuthorization(AuthPolicies.Admin);
        group.MapDelete("/{id:guid}", RevokeInvitationAsync).HonoursIfMatch().RequireAuthorization(AuthPolicies.Admin);
        group.MapPost("/accept", AcceptInvitation.HandleAsync).Validates<AcceptInvitation.Request>().AllowAnonymous();
    }

    private static async Task<Created<InvitationResponse>> CreateInvitationAsync(
        CreateRequest request, CurrentUser current, PlugsDbContext db, MailOutbox mail, IOptions<AuthOptions> options,
        TimeProvider clock, CancellationToken ct)
    {
        var email = CommonRules.NormalizeEmail(request.Email!);
        var existing = await db.Users.IgnoreQueryFilters([Data.Common.ModelConventions.SoftDeleteFilterName])
            .Where(u => u.Email == email).Select(u => new { u.IsDeleted }).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            throw ProblemException.Conflict(existing.IsDeleted
                ? "A deleted user has this e-mail; restore that user instead (POST /api/v1/users/{id}/restore)."
                : "A user with this e-mail is already a member.", "user_exists");
        }
        var organization = await db.Organizations.Select(o => o.Name).FirstAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // A new invitation replaces any open one for the same address.
        await db.Invitations.Where(i => i.Email == email && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteStampedUpdateAsync(db, s => s.SetProperty(i => i.RevokedAt, now), ct);
        var (token, hash) = OpaqueToken.Create(current.OrganizationId);
        var invitation = new Invitation
        {
            Email = email,
            IsAdmin = request.IsAdmin ?? false,
            TokenHash = hash,
            ExpiresAt = now + TimeSpan.FromDays(options.Value.InvitationDays),
        };
        db.Invitations.Add(invitation);
        Plugs.Data.Audit.AuditTrail.Action(db, Plugs.Data.Audit.AuditAction.InvitationCreated, "invitations", invitation.Id, new { email, is_admin = invitation.IsAdmin });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // After the commit nothing may fail the request: the outbox never throws. Inviting the
        // address again replaces this invitation, should its mail never arrive.
        mail.Send(email, $"You are invited to {organization} on The Plugs",
            $"You have been invited to join {organization} on The Plugs.\n\nAccept the invitation here:\n{mail.Link("accept-invitation", token)}\n\n" +
            $"The invitation expires in {options.Value.InvitationDays} days.\n");
        return TypedResults.Created($"/api/v1/auth/invitations/{invitation.Id}", ToResponse(invitation, now));
    }

    private static async Task<Ok<List<InvitationResponse>>> ListInvitationsAsync(
        [AsParameters] PageQuery page, string? status, CurrentUser current, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.Invitations.AsNoTracking();
        query = status switch
        {
            null or "" => query,
            "pending" => query.Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now),
            "accepted" => query.Where(i => i.AcceptedAt != null),
            "revoked" => query.Where(i => i.RevokedAt != null),
            "expired" => query.Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt <= now),
            _ => throw ValidationProblemException.For("status", "Must be one of pending, accepted, revoked, expired."),
        };
        var rows = await page.ToPageAsync(query.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id), http, ct);
        return TypedResults.Ok(rows.Select(i => ToResponse(i, now)).ToList());
    }

    private static async Task<NoContent> RevokeInvitationAsync(Guid id, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw ProblemException.NotFound("invitation");
        ETags.CheckIfMatch(http, invitation.UpdatedAt);
        if (invitation.AcceptedAt is not null)
        {
            throw ProblemException.Conflict("The invitation was already accepted.", "invitation_accepted");
        }
        if (invitation.RevokedAt is null)
        {
            Plugs.Data.Audit.AuditTrail.Action(db, Plugs.Data.Audit.AuditAction.InvitationRevoked, "invitations", invitation.Id);
        }
        invitation.RevokedAt ??= now;
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    internal static InvitationResponse ToResponse(Invitation i, DateTime now) => new(
        i.Id, i.Email, i.IsAdmin,
        i.AcceptedAt is not null ? "accepted" : i.RevokedAt is not null ? "revoked" : i.ExpiresAt <= now ? "expired" : "pending",
        i.ExpiresAt, i.AcceptedAt, i.AcceptedUserId, i.RevokedAt, i.CreatedBy, i.CreatedAt, i.UpdatedAt);
}
