using Plugs.Api.Features.Organizations;
using Plugs.Api.Features.Users;

namespace Plugs.Api.Features.Auth;

/// <summary>OAuth 2.0 names (RFC 6749 §5.1), with the user and organization alongside.</summary>
public sealed record TokenResponse(
    string AccessToken, string TokenType, int ExpiresIn, string RefreshToken,
    UserResponse User, OrganizationResponse Organization);
