using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Plugs.Api.Platform.OpenApi;

/// <summary>The two problem shapes every error response refers to (RFC 9457 plus the API's <c>code</c> and <c>request_id</c>).</summary>
internal static class ProblemSchemas
{
    public const string Problem = "Problem";
    public const string ValidationProblem = "ValidationProblem";

    public static Task AddAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[Problem] = Shape(validation: false);
        document.Components.Schemas[ValidationProblem] = Shape(validation: true);
        // The framework's own problem schemas, which every error response now refers past.
        document.Components.Schemas.Remove("ProblemDetails");
        document.Components.Schemas.Remove("HttpValidationProblemDetails");
        return Task.CompletedTask;
    }

    private static OpenApiSchema Shape(bool validation)
    {
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI reference that identifies the problem type." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the problem type." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "The HTTP status code." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "What went wrong, for a person." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "The request path." },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A stable, machine-readable reason (snake_case) to switch on; docs/api.md lists them." },
            ["request_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's id, as in the X-Request-Id header and the server's logs." },
        };
        var required = new HashSet<string> { "title", "status", "code" };
        if (validation)
        {
            properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Each invalid field (snake_case, dotted or indexed for nested ones) with its messages.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
            required.Add("errors");
        }
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = validation ? "A 422: the problem, and each invalid field." : "An RFC 9457 problem detail.",
            Properties = properties,
            Required = required,
            // Problems may carry more members (from, to, allowed of a refused transition, …).
            AdditionalProperties = new OpenApiSchema(),
        };
    }
}
