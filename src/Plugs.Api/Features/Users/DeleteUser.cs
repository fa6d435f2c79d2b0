using Plugs.Api.Features.Auth;
using Plugs.Api.Platform.Database;
using Plugs.Data.Common;

namespace Plugs.Api.Features.Users;

/// <summary>Admins soft-delete and restore users; a deleted user's sessions end at once.</summary>
public static class DeleteUser
{
    public static async Task<NoContent> DeleteUserAsync(
        Guid id, CurrentUser current, PlugsDbContext db, AuthSessions sessions, HttpContext http, CancellationToken ct)
    {
        var exists = await db.Users.AnyAsync(u => u.Id == id, ct);
        if (!exists)
        {
            throw ProblemException.NotFound("user");
        }
        if (id == current.UserId)
        {
            throw ProblemException.Conflict("You cannot delete your own account; ask another admin.", "cannot_delete_self");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.LockOrganizationAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct) ?? throw ProblemException.NotFound("user");
        ETags.CheckIfMatch(http, user.UpdatedAt);
        if (user is { IsAdmin: true, IsActive: true })
        {
            await UserEndpoints.EnsureAnotherActiveAdminAsync(db, user.Id, ct);
        }
        db.Users.Remove(user); // soft: the interceptor turns it into is_deleted = true
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await sessions.RevokeAllAsync(user.Id, AuthSessions.ReasonDeleted, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<UserResponse>> RestoreUserAsync(Guid id, CurrentUser current, PlugsDbContext db, CancellationToken ct)
    {
        var user = await db.Users.IgnoreQueryFilters([ModelConventions.SoftDeleteFilterName])
            .FirstOrDefaultAsync(u => u.Id == id && u.IsDeleted, ct) ?? throw ProblemException.NotFound("deleted user");
        user.IsDeleted = false;
        user.DeletedAt = null;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(UserResponse.From(user));
    }
}
