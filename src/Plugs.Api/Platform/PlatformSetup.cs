using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Plugs.Api.Platform.Caching;
using Plugs.Api.Platform.Database;
using Plugs.Api.Platform.Jobs;
using Plugs.Api.Platform.Json;
using Plugs.Api.Platform.Mail;
using Plugs.Api.Platform.OpenApi;
using Plugs.Api.Platform.Outgoing;

namespace Plugs.Api.Platform;

/// <summary>Everything cross-cutting, registered and wired in one place.</summary>
public static class PlatformSetup
{
    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddJson();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions["request_id"] = c.HttpContext.TraceIdentifier;
            // Answers the framework writes itself (a refused token, an unknown route) carry a code too.
            if (!c.ProblemDetails.Extensions.ContainsKey("code"))
            {
                c.ProblemDetails.Extensions["code"] = c.ProblemDetails.Status switch
                {
                    400 => "bad_request",
                    401 => "unauthorized",
                    403 when AuthPolicies.IsAdminOnly(c.HttpContext.GetEndpoint()) => "admin_required",
                    403 => "forbidden",
                    404 => "not_found",
                    405 => "method_not_allowed",
                    406 => "not_acceptable",
                    413 => "payload_too_large",
                    415 => "unsupported_media_type",
                    _ => "error",
                };
            }
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddRequestValidation();
        services.AddPlugsOpenApi();
        services.AddHttpLogging(o =>
        {
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
                | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            o.CombineLogs = true;
        });
        var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod()
            .WithExposedHeaders("X-Total-Count", "Link", "ETag", "Location", RequestIdMiddleware.Header, "Retry-After")));
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Behind a load balancer the client address (login throttling, audit) is in
            // X-Forwarded-For; trust it only from the networks configured here.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var network in builder.Configuration.GetSection("ForwardedHeaders:TrustedNetworks").Get<string[]>() ?? [])
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        builder.AddDatabase();
        builder.AddStateStore();
        builder.AddPlugsAuth();
        builder.AddMail();
        builder.Services.AddOutgoingHttp(builder.Configuration);
        builder.AddJobs();
        return builder;
    }

    public static WebApplication UsePlatform(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseHttpLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = WriteHealthAsync,
        }).AllowAnonymous();
        app.MapPlugsOpenApi();
        return app;
    }

    private static Task WriteHealthAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<JsonOptions>>().Value.SerializerOptions;
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            Status = report.Status.ToString(),
            // A check's data is shown as it is: the jobs check puts each job's last run, outcome and next run there.
            Checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                Status = e.Value.Status.ToString(),
                e.Value.Description,
                Data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        }, options);
    }
}
