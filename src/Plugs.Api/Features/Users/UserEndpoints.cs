using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Plugs.Data.Users;

namespace Plugs.Api.Features.Users;

public static class UserEndpoints
{
    public static void MapUsers(this IEndpointRouteBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization();
        users.MapGet("/", ListAsync);
        users.MapGet("/{id:guid}", GetAsync);
        users.MapPatch("/{id:guid}", UpdateUser.HandleAsync).HonoursIfMatch().Validates<UpdateUser.Request>();
        users.MapDelete("/{id:guid}", DeleteUser.DeleteUserAsync).HonoursIfMatch().RequireAuthorization(AuthPolicies.Admin);
        users.MapPost("/{id:guid}/restore", DeleteUser.RestoreUserAsync).RequireAuthorization(AuthPolicies.Admin);
    }

    private sealed class UserSort : ISortFields<User>
    {
        public static IReadOnlyDictionary<string, Expression<Func<User, object?>>> Fields { get; } = new Dictionary<string, Expression<Func<User, object?>>>
        {
            ["created_at"] = u => u.CreatedAt,
            ["updated_at"] = u => u.UpdatedAt,
            ["email"] = u => u.Email,
            ["first_name"] = u => u.FirstName,
            ["last_name"] = u => u.LastName,
            ["last_login"] = u => u.LastLogin,
        };
    }

    /// <summary>Lists the organization's users: <c>q</c> (name or e-mail), <c>is_active</c>, <c>is_admin</c>, <c>is_verified</c>, <c>sort</c>, paging.</summary>
    private static async Task<Ok<List<UserResponse>>> ListAsync(
        [AsParameters] PageQuery page, string? q, [FromQuery(Name = "is_active")] bool? isActive,
        [FromQuery(Name = "is_admin")] bool? isAdmin, [FromQuery(Name = "is_verified")] bool? isVerified, [FromQuery(Name = "sort")] SortBy<UserSort>? sort,
        PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            if (q.Length > 255)
            {
                throw ValidationProblemException.For("q", "At most 255 characters.");
            }
            var pattern = LikePattern.Contains(q);
            query = query.Where(u => EF.Functions.Like(u.Email, pattern, LikePattern.Escape)
                || EF.Functions.Like((u.FirstName + " " + u.LastName).ToLower(), pattern, LikePattern.Escape));
        }
        if (isActive is not null)
        {
            query = query.Where(u => u.IsActive == isActive);
        }
        if (isAdmin is not null)
        {
            query = query.Where(u => u.IsAdmin == isAdmin);
        }
        if (isVerified is not null)
        {
            query = query.Where(u => u.IsVerified == isVerified);
        }
        var sorted = query.ApplySort(sort, "created_at", u => u.Id);
        return TypedResults.Ok(await page.ToPageAsync(sorted.Select(UserResponse.Projection), http, ct));
    }

    private static async Task<Ok<UserResponse>> GetAsync(Guid id, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(UserResponse.Projection).FirstOrDefaultAsync(ct)
            ?? throw ProblemException.NotFound("user");
        ETags.Write(http, user.UpdatedAt);
        return TypedResults.Ok(user);
    }

    /// <summary>Throws 409 when a change would leave the organization without an active admin. Call under <c>LockOrganizationAsync</c>.</summary>
    internal static async Task EnsureAnotherActiveAdminAsync(PlugsDbContext db, Guid userId, CancellationToken ct)
    {
        if (!await db.Users.AnyAsync(u => u.Id != userId && u.IsAdmin && u.IsActive, ct))
        {
            throw ProblemException.Conflict("The organization must keep at least one active admin.", "last_admin");
        }
    }
}
