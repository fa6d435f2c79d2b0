using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Plugs.Api.Platform.Database;

namespace Plugs.Api.Platform.Auth;

public static class AuthSetup
{
    public static WebApplicationBuilder AddPlugsAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => o.AccessTokenMinutes is > 0 and <= 60, "Auth:AccessTokenMinutes must be 1-60.")
            .Validate(o => o.PasswordHashIterations >= 1000, "Auth:PasswordHashIterations is too low.")
            .Validate(o => o.MaxFailedLogins > 0 && o.MaxFailedLoginsPerIp > 0 && o.MaxRegistrationsPerIp > 0 && o.MaxPasswordResetsPerIp > 0,
                "Auth:MaxFailedLogins, MaxFailedLoginsPerIp, MaxRegistrationsPerIp and MaxPasswordResetsPerIp must be at least 1.")
            .Validate(o => o.LockoutSeconds > 0 && o.RegistrationWindowSeconds > 0 && o.PasswordResetWindowSeconds > 0,
                "Auth:LockoutSeconds, RegistrationWindowSeconds and PasswordResetWindowSeconds must be at least 1.")
            .ValidateOnStart();
        var dataDirectory = builder.Configuration.DataDirectory();
        services.AddSingleton(sp => SigningKey.Resolve(
            sp.GetRequiredService<IOptions<AuthOptions>>().Value, sp.GetRequiredService<DatabaseOptions>(), dataDirectory));
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<ValidatedTokenCache>();
        services.AddSingleton<PasswordHashing>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<SessionCheck>();
        services.AddScoped<LoginThrottle>();
        services.AddSingleton<AddressThrottle>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, SymmetricSecurityKey, ValidatedTokenCache, TimeProvider>((jwt, auth, key, tokens, clock) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(auth.Value.ClockSkewSeconds),
                    NameClaimType = JwtRegisteredClaimNames.Sub,
                    LifetimeValidator = TokenLifetime.On(clock),
                };
                jwt.Events = new JwtBearerEvents { OnMessageReceived = IgnoreOnAnonymousEndpoints, OnTokenValidated = ValidateSessionAsync };
                jwt.TokenHandlers.Clear();
                jwt.TokenHandlers.Add(tokens);
            });
        services.AddPlugsPolicies();
        return builder;
    }

    /// <summary>
    /// Endpoints that allow anonymous callers (sign-up, login, refresh, the mailed links, the calendar
    /// feed) never look at a bearer token: they answer exactly as without one, so a person holding a
    /// token of another organization, or a stale one, is served like anybody else, and the flows that
    /// enter a tenant of their own (register, token redemption) never find one already entered.
    /// </summary>
    private static Task IgnoreOnAnonymousEndpoints(MessageReceivedContext context)
    {
        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            context.NoResult();
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// A valid signature is not enough: the session must still be live and its user active.
    /// This is also where the request's tenant is entered, once, for everything downstream;
    /// a refused token leaves none entered (<see cref="SessionCheck.EnterAsync"/>).
    /// </summary>
    private static async Task ValidateSessionAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var userId = principal.GuidClaim(JwtRegisteredClaimNames.Sub);
        var organizationId = principal.GuidClaim(PlugsClaims.Organization);
        var sessionId = principal.GuidClaim(PlugsClaims.Session);
        if (userId is null || organizationId is null || sessionId is null)
        {
            context.Fail("The token lacks its subject, organization or session.");
            return;
        }
        var services = context.HttpContext.RequestServices;
        // One connection for the whole request, now that its tenant is known: the tenant setting
        // is written once (TenantConnectionInterceptor) instead of once per query, and the session
        // is checked in the same round trip.
        var isAdmin = await services.GetRequiredService<SessionCheck>()
            .EnterAsync(organizationId.Value, sessionId.Value, userId.Value, context.HttpContext.RequestAborted);
        if (isAdmin is null)
        {
            context.Fail("The session has ended.");
            return;
        }
        services.GetRequiredService<CurrentUser>().Set(userId.Value, organizationId.Value, sessionId.Value, isAdmin.Value);
    }
}
