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
            o.CreateSchemaReferenceId = t => t.Type.IsGenericType && t.Type.GetGenericTypeDefinition() == typeof(Json.PatchValue<>) ? null
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

    public static WebApplication MapPlugsOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("The Plugs API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        return app;
    }
}
