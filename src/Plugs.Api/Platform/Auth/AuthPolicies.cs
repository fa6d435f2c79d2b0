using Microsoft.AspNetCore.Authorization;

namespace Plugs.Api.Platform.Auth;

/// <summary>
/// Who may call what, declared on endpoints and read by the OpenAPI document: every endpoint under
/// <c>/api/v1</c> needs a signed-in user unless it says <c>AllowAnonymous</c> (the group requires it,
/// so a new endpoint is protected without a word), and <see cref="Admin"/> endpoints an admin of the
/// organization (403 <c>admin_required</c>). Not a fallback policy: that would also answer 401
/// instead of 404 for an unknown path and instead of 405 for a wrong method.
/// </summary>
public static class AuthPolicies
{
    public const string Admin = "admin";

    public static IServiceCollection AddPlugsPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
                c.Resource is HttpContext http && http.RequestServices.GetRequiredService<CurrentUser>().IsAdmin));
        return services;
    }

    /// <summary>Whether the endpoint requires <see cref="Admin"/>.</summary>
    public static bool IsAdminOnly(Endpoint? endpoint) =>
        endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Admin) == true;
}
