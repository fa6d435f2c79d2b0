using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Plugs.Api.Platform.OpenApi;

/// <summary>OpenAPI 3.1 at <c>/openapi/v1.json</c>, interactive docs (Scalar) at <c>/docs</c>.</summary>
public static class OpenApiSetup
{
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
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "Access token from POST /api/v1/auth/login.",
                };
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer<PatchValueSchemaTransformer>();
            o.AddSchemaTransformer<ContractSchemaTransformer>();
            o.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonTypeInfo.Type == typeof(Json.JsonColumn))
                {
                    schema.Type = JsonSchemaType.Object;
                    schema.Description = "A free-form JSON object.";
                }
                return Task.CompletedTask;
            });
            // Use cases nest their records (Register.Request, Login.Request): name schemas after both.
            // A PATCH field is inlined: whether it may be null differs from field to field.
            o.CreateSchemaReferenceId = t => t.Type.IsGenericType && t.Type.GetGenericTypeDefinition() == typeof(Json.PatchValue<>) ? null
                : t.Type.DeclaringType is { } outer && !t.Type.IsGenericType ? outer.Name + t.Type.Name
                : OpenApiOptions.CreateDefaultSchemaReferenceId(t);
        });

    public static WebApplication MapPlugsOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", o => o.WithTitle("The Plugs API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
