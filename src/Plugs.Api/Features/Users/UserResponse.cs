using System.Linq.Expressions;
using Plugs.Data.Users;

namespace Plugs.Api.Features.Users;

/// <summary>A user as the API shows it: never the password hash.</summary>
public sealed record UserResponse(
    Guid Id, Guid OrganizationId, string Email, string FirstName, string LastName, string FullName,
    string? Phone, string? Bio, string? AvatarUrl, string? JobTitle, string? Company, string? LinkedinUrl,
    bool IsActive, bool IsVerified, bool IsAdmin, DateTime? VerifiedAt, DateTime? LastLogin,
    DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>Projection used by queries, so only the needed columns are read.</summary>
    public static readonly Expression<Func<User, UserResponse>> Projection = u => new UserResponse(
        u.Id, u.OrganizationId, u.Email, u.FirstName, u.LastName, u.FirstName + " " + u.LastName,
        u.Phone, u.Bio, u.AvatarUrl, u.JobTitle, u.Company, u.LinkedinUrl,
        u.IsActive, u.IsVerified, u.IsAdmin, u.VerifiedAt, u.LastLogin, u.CreatedAt, u.UpdatedAt);

    private static readonly Func<User, UserResponse> Compiled = Projection.Compile();

    public static UserResponse From(User user) => Compiled(user);
}
