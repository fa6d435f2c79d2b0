using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Plugs.Api.Platform.OpenApi;

/// <summary>OpenAPI 3.1 at <c>/openapi/v1.json</c>, interactive docs (Scalar) at <c>/docs</c>.</summary>
public static class OpenApiSetup
{
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddPlugsOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "The Plugs API",
                    Version = "v1",
                    Description = "Contacts, warm introductions, events and the rest of a network-driven business. snake_case JSON, RFC 9457 errors.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "Access token from POST /api/v1/auth/login.",
                };
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer(ProblemSchemas.AddAsync);
            o.AddOperationTransformer<ContractOperationTransformer>();
            o.AddSchemaTransformer<PatchValueSchemaTransformer>();
            o.AddSchemaTransformer<ContractSchemaTransformer>();
            o.AddSchemaTransformer((schema, context, _) =>
            {
                // Free-form JSON fields (metadata, settings, venue details) are objects: the validators
                // refuse any other JSON value.
                if (context.JsonTypeInfo.Type == typeof(Json.JsonColumn) || context.JsonTypeInfo.Type == typeof(System.Text.Json.JsonElement))
                {
                    schema.Type = JsonSchemaType.Object;
                    schema.Description = "A free-form JSON object.";
                }
                return Task.CompletedTask;
            });
            // A PATCH field is inlined: whether it may be null differs from field to field.
            // Wrappers the contract transformers describe in place (PATCH values, enum choices) are never components of their own.
            o.CreateSchemaReferenceId = t => (Nullable.GetUnderlyingType(t.Type) ?? t.Type) is { IsGenericType: true } wrapper && wrapper.GetGenericTypeDefinition() is var generic
                && (generic == typeof(Json.PatchValue<>) || generic == typeof(Http.QueryChoice<>) || generic == typeof(Http.SortBy<>)) ? null
                : t.Type.DeclaringType is { } outer && !t.Type.IsGenericType ? SchemaName(outer.Name, t.Type.Name)
                : OpenApiOptions.CreateDefaultSchemaReferenceId(t);
        });

    /// <summary>
    /// Use cases and resources nest their records (<c>Register.Request</c>, <c>TagEndpoints.TagResponse</c>,
    /// <c>InteractionEndpoints.CreateRequest</c>); their schemas read as plain names: RegisterRequest,
    /// TagResponse, CreateInteractionRequest. The document test holds the names unique.
    /// </summary>
    internal static string SchemaName(string outer, string inner)
    {
        var noun = outer.EndsWith("Endpoints", StringComparison.Ordinal) ? outer[..^9] : outer;
        var singular = noun.EndsWith('s') ? noun[..^1] : noun;
        if (inner.StartsWith(singular, StringComparison.Ordinal))
        {
            return inner;
        }
        foreach (var verb in (string[])["Create", "Update"])
        {
            if (inner.StartsWith(verb, StringComparison.Ordinal))
            {
                return verb + singular + inner[verb.Length..];
            }
        }
        return noun + inner;
    }

    /// <summary>
    /// Writes the served document (the same transformers, no request: so no <c>servers</c>) to
    /// <paramref name="path"/>, or to standard output; an unchanged file is left as it is, so
    /// builds that generate a client from it stay incremental.
    /// </summary>
    public static async Task WriteDocumentAsync(WebApplication app, string? path)
    {
        // Mapped endpoints reach routing, where the document reads them, when the host starts: start
        // it on a loopback port nobody is told about, and stop it once the document is written.
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        var document = await app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync();
        await app.StopAsync();
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        var json = text.ToString() + "\n";
        if (path is null)
        {
            await Console.Out.WriteAsync(json);
        }
        else if (!File.Exists(path) || await File.ReadAllTextAsync(path) != json)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, json);
        }
    }

    /// <summary>The browser may load nothing for <c>/docs</c> from another origin (a test reads it).</summary>
    public static string DocsContentSecurityPolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static WebApplication MapPlugsOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o
                .WithTitle("The Plugs API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                // Everything the page loads is served by us: it works offline and tells no one else
                // who reads our docs. No buttons for services we do not offer.
                .DisableDefaultFonts()
                .DisableAgent()
                .DisableMcp()
                .DisableTelemetry()
                .HideDeveloperTools()
                .WithNonce())
            .AddEndpointFilter(static async (context, next) =>
            {
                var response = context.HttpContext.Response;
                response.OnStarting(() =>
                {
                    if (context.HttpContext.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce)
                    {
                        response.Headers.ContentSecurityPolicy = DocsContentSecurityPolicy(nonce);
                    }
                    return Task.CompletedTask;
                });
                return await next(context);
            })
            .AllowAnonymous();
        return app;
    }
}
