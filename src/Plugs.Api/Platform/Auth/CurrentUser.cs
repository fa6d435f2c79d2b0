using System.Security.Claims;

namespace Plugs.Api.Platform.Auth;

/// <summary>The signed-in user of this request, filled once by authentication (<see cref="AuthSetup"/>).</summary>
public sealed class CurrentUser
{
    public Guid UserId { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Guid SessionId { get; private set; }
    public bool IsAdmin { get; private set; }
    public bool IsAuthenticated { get; private set; }

    internal void Set(Guid userId, Guid organizationId, Guid sessionId, bool isAdmin)
    {
        (UserId, OrganizationId, SessionId, IsAdmin, IsAuthenticated) = (userId, organizationId, sessionId, isAdmin, true);
    }

    public void RequireAdmin()
    {
        if (!IsAdmin)
        {
            throw ProblemException.Forbidden("Only an administrator of the organization can do this.", "admin_required");
        }
    }
}

internal static class PlugsClaims
{
    public const string Organization = "org";
    public const string Session = "sid";

    public static Guid? GuidClaim(this ClaimsPrincipal principal, string type) =>
        Guid.TryParse(principal.FindFirstValue(type), out var value) ? value : null;
}
