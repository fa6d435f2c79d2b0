using Plugs.Api.Features.Auth;
using Plugs.Api.Platform.Database;
using Plugs.Api.Platform.Json;

namespace Plugs.Api.Features.Users;

/// <summary>
/// Anyone edits their own profile; admins edit anyone's and alone may change <c>is_admin</c> and
/// <c>is_active</c>. The last active admin cannot be demoted or deactivated.
/// </summary>
public static class UpdateUser
{
    public sealed record Request(
        PatchValue<string?> FirstName, PatchValue<string?> LastName, PatchValue<string?> Phone, PatchValue<string?> Bio,
        PatchValue<string?> AvatarUrl, PatchValue<string?> JobTitle, PatchValue<string?> Company, PatchValue<string?> LinkedinUrl,
        PatchValue<bool?> IsAdmin, PatchValue<bool?> IsActive);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(x => x.FirstName.Value).ValidName().When(x => x.FirstName.IsSet);
            RuleFor(x => x.LastName.Value).ValidName().When(x => x.LastName.IsSet);
            RuleFor(x => x.Phone.Value).ValidPhone();
            RuleFor(x => x.Bio.Value).MaximumLength(5000);
            RuleFor(x => x.AvatarUrl.Value).ValidUrl(500);
            RuleFor(x => x.JobTitle.Value).MaximumLength(100);
            RuleFor(x => x.Company.Value).MaximumLength(100);
            RuleFor(x => x.LinkedinUrl.Value).ValidUrl(255);
            RuleFor(x => x.IsAdmin.Value).NotNull().When(x => x.IsAdmin.IsSet);
            RuleFor(x => x.IsActive.Value).NotNull().When(x => x.IsActive.IsSet);
        }
    }

    public static async Task<Ok<UserResponse>> HandleAsync(
        Guid id, Request request, CurrentUser current, PlugsDbContext db, AuthSessions sessions,
        HttpContext http, CancellationToken ct)
    {
        if (id != current.UserId)
        {
            // A member may not learn whether another id exists by editing it: 404 first, then 403.
            if (!await db.Users.AnyAsync(u => u.Id == id, ct))
            {
                throw ProblemException.NotFound("user");
            }
            current.RequireAdmin();
        }
        var changesAccess = request.IsAdmin.IsSet || request.IsActive.IsSet;
        if (changesAccess && !current.IsAdmin)
        {
            throw ProblemException.Forbidden("Only an admin can change is_admin or is_active.", "admin_required");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (changesAccess)
        {
            await db.LockOrganizationAsync(ct);
        }
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw ProblemException.NotFound("user");
        ETags.CheckIfMatch(http, user.UpdatedAt);
        var wasAccess = (user.IsAdmin, user.IsActive);
        user.FirstName = request.FirstName.Or(user.FirstName)!.Trim();
        user.LastName = request.LastName.Or(user.LastName)!.Trim();
        user.Phone = request.Phone.Or(user.Phone);
        user.Bio = request.Bio.Or(user.Bio);
        user.AvatarUrl = request.AvatarUrl.Or(user.AvatarUrl);
        user.JobTitle = request.JobTitle.Or(user.JobTitle);
        user.Company = request.Company.Or(user.Company);
        user.LinkedinUrl = request.LinkedinUrl.Or(user.LinkedinUrl);
        user.IsAdmin = request.IsAdmin.Or(user.IsAdmin) ?? user.IsAdmin;
        user.IsActive = request.IsActive.Or(user.IsActive) ?? user.IsActive;
        var losesAdmin = wasAccess is (true, true) && !(user.IsAdmin && user.IsActive);
        if (losesAdmin)
        {
            await UserEndpoints.EnsureAnotherActiveAdminAsync(db, user.Id, ct);
        }
        if (user.IsAdmin != wasAccess.IsAdmin)
        {
            Plugs.Data.Audit.AuditTrail.Action(db, Plugs.Data.Audit.AuditAction.RoleChanged, "users", user.Id, new { is_admin = user.IsAdmin });
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        if (wasAccess.IsActive && !user.IsActive)
        {
            await sessions.RevokeAllAsync(user.Id, AuthSessions.ReasonDeactivated, ct);
        }
        ETags.Write(http, user.UpdatedAt);
        return TypedResults.Ok(UserResponse.From(user));
    }
}
