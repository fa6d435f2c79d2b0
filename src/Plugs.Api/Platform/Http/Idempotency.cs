using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Plugs.Api.Platform.Caching;

namespace Plugs.Api.Platform.Http;

/// <summary>
/// <c>Idempotency-Key</c> on creates: the first request with a key runs and its 2xx answer is
/// kept for 24 hours (in the shared state, so any instance can replay it); the same key with
/// the same request replays that answer (<c>Idempotent-Replayed: true</c>) and creates nothing;
/// the same key with a different request is 422; while the first is still running, 409.
/// Keys are scoped to the user. A failed request frees its key for a retry.
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan Keep = TimeSpan.FromHours(24);
    private static readonly TimeSpan Running = TimeSpan.FromMinutes(2);
    private const string Pending = "pending";

    private sealed record Stored(string Fingerprint, int Status, string? Location, string? ETag, string Body);

    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var key = http.Request.Headers[Header].ToString();
            if (key.Length == 0)
            {
                return await next(context);
            }
            if (key.Length > 255)
            {
                throw ValidationProblemException.For(Header, "At most 255 characters.");
            }
            var services = http.RequestServices;
            var state = services.GetRequiredService<ISharedState>();
            var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var user = services.GetRequiredService<CurrentUser>();
            var storeKey = $"idempotency:{user.OrganizationId:N}:{user.UserId:N}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}";
            var fingerprint = Fingerprint(context, json);

            if (!await state.SetIfAbsentAsync(storeKey, Pending, Running))
            {
                return Replay(http, await state.GetAsync(storeKey), fingerprint);
            }
            try
            {
                var result = await next(context);
                if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } ok and IValueHttpResult valued)
                {
                    var location = LocationOf(result);
                    var etag = valued.Value is { } value ? ETags.Of(value) : null;
                    var stored = new Stored(fingerprint, ok.StatusCode.Value, location, etag, JsonSerializer.Serialize(valued.Value, json));
                    await state.SetAsync(storeKey, JsonSerializer.Serialize(stored), Keep);
                }
                else
                {
                    await state.RemoveAsync(storeKey);
                }
                return result;
            }
            catch
            {
                await state.RemoveAsync(storeKey);
                throw;
            }
        }).WithMetadata(new IdempotentCreate());

    private static ContentHttpResult Replay(HttpContext http, string? value, string fingerprint)
    {
        if (value is null or Pending)
        {
            throw ProblemException.Conflict("A request with this Idempotency-Key is still being processed; retry shortly.", "idempotency_in_progress");
        }
        var stored = JsonSerializer.Deserialize<Stored>(value)!;
        if (stored.Fingerprint != fingerprint)
        {
            throw ValidationProblemException.For(Header, "This key was already used with a different request.");
        }
        http.Response.Headers["Idempotent-Replayed"] = "true";
        if (stored.Location is not null)
        {
            http.Response.Headers.Location = stored.Location;
        }
        if (stored.ETag is not null)
        {
            http.Response.Headers.ETag = stored.ETag;
        }
        return TypedResults.Text(stored.Body, "application/json", Encoding.UTF8, stored.Status);
    }

    /// <summary>Method, route and every bound non-service argument (route values and the body).</summary>
    private static string Fingerprint(EndpointFilterInvocationContext context, JsonSerializerOptions json)
    {
        var isService = context.HttpContext.RequestServices.GetRequiredService<IServiceProviderIsService>();
        var inputs = context.Arguments
            .Where(a => a is not null and not HttpContext and not CancellationToken && !isService.IsService(a.GetType()))
            .Select(a => JsonSerializer.Serialize(a, a!.GetType(), json));
        var text = $"{context.HttpContext.Request.Method} {context.HttpContext.Request.Path}\n{string.Join('\n', inputs)}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary><c>Created&lt;T&gt;</c> has no non-generic interface exposing its Location.</summary>
    private static string? LocationOf(object? result) =>
        result?.GetType().GetProperty("Location")?.GetValue(result) as string;
}

/// <summary>Endpoint metadata: this create honours <see cref="Idempotency.Header"/> (the OpenAPI document says so).</summary>
public sealed record IdempotentCreate;
