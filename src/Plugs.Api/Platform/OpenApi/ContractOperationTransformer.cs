using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Plugs.Api.Platform.OpenApi;

/// <summary>
/// Each operation says, from its endpoint's metadata, what a client meets: its operationId, the
/// bearer security it needs, the error responses it can give (RFC 9457 problems), and the
/// headers it honours or writes (If-Match and ETag, Idempotency-Key, X-Total-Count and Link).
/// Nothing here is written per endpoint; a new endpoint inherits all of it.
/// </summary>
internal sealed partial class ContractOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod ?? "GET";
        var path = description.RelativePath ?? "";
        var isWrite = !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);
        var authenticated = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var admin = metadata.OfType<IAuthorizeData>().Any(a => a.Policy == AuthPolicies.Admin);
        var hasBody = description.ParameterDescriptions.Any(p => p.Source.Id is "Body");
        var hasInput = hasBody || description.ParameterDescriptions.Any(p => p.Source.Id is not "Path");
        var hasRouteId = RouteParameter().IsMatch(path);
        var isList = description.ParameterDescriptions.Any(p => p.Name.Equals("skip", StringComparison.OrdinalIgnoreCase));
        var honoursIfMatch = metadata.OfType<Http.HonoursIfMatchMetadata>().Any();
        var idempotent = metadata.OfType<Http.IdempotentCreate>().Any();

        operation.OperationId = OperationIds.For(description);
        DescribeFormFields(operation, description);
        operation.Parameters ??= [];
        DescribeQuery(operation, description, isList);
        if (authenticated)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiSetup.BearerScheme, context.Document)] = [] }];
        }
        if (honoursIfMatch)
        {
            operation.Parameters.Add(Header("If-Match", "The ETag this change is based on: the write happens only if it is still current (412 otherwise). Leave out for last-writer-wins."));
        }
        if (idempotent)
        {
            operation.Parameters.Add(Header("Idempotency-Key", "Any unique string of up to 255 characters: a retry with the same key and body within 24 hours replays the first answer and creates nothing."));
        }

        operation.Responses ??= [];
        foreach (var (status, response) in operation.Responses)
        {
            if (!status.StartsWith('2') || response is not OpenApiResponse ok)
            {
                continue;
            }
            ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
            if (isList)
            {
                ok.Headers["X-Total-Count"] = new OpenApiHeader { Description = "How many items match, over all pages.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } };
                ok.Headers["Link"] = new OpenApiHeader { Description = "RFC 8288 links to the next and previous pages (rel=\"next\", rel=\"prev\") when there are any.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
            var type = description.SupportedResponseTypes.FirstOrDefault(r => r.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) == status)?.Type;
            if (type is not null && Http.ETags.IsVersioned(type))
            {
                ok.Headers["ETag"] = new OpenApiHeader { Description = "The version of the resource; send it back as If-Match.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
            if (status == "201")
            {
                ok.Headers["Location"] = new OpenApiHeader { Description = "The URL of the created resource.", Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" } };
            }
        }

        var document = context.Document!;
        if (hasBody)
        {
            Problem(operation, document, "400", "The body is not valid JSON (`malformed_json`).");
        }
        if (authenticated)
        {
            Problem(operation, document, "401", "No valid access token, or its session has ended (`unauthorized`).");
        }
        if (admin)
        {
            Problem(operation, document, "403", "Only an admin of the organization may do this (`forbidden`).");
        }
        if (hasRouteId)
        {
            Problem(operation, document, "404", "No such resource in the caller's organization (`not_found`); another organization's id reads the same.");
        }
        if (isWrite)
        {
            Problem(operation, document, "409", "The write conflicts with the resource's current state (see `code`), or lost a race with another write (`concurrent_update`).");
        }
        if (honoursIfMatch)
        {
            Problem(operation, document, "412", "If-Match no longer names the current version (`precondition_failed`); nothing was changed.");
        }
        if (hasInput)
        {
            Problem(operation, document, "422", "A field or parameter is invalid (`validation_failed`): `errors` names each one.", validation: true);
        }
        // Error responses the endpoint declared itself (ProducesProblem, e.g. a throttle's 429) get the same shapes.
        foreach (var status in operation.Responses.Keys.Where(s => s[0] is '4' or '5').ToList())
        {
            if (operation.Responses[status] is OpenApiResponse { Content: var content } declared
                && content?.Values.Any(m => m.Schema is OpenApiSchemaReference { Reference.Id: ProblemSchemas.Problem or ProblemSchemas.ValidationProblem }) != true)
            {
                Problem(operation, document, status, status == "429"
                    ? "Too many attempts (`too_many_requests`); retry after the number of seconds in Retry-After."
                    : declared.Description ?? "A problem (see `code`).", validation: status == "422");
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Query parameters say what they accept: a <see cref="Http.QueryChoice{TEnum}"/> its values (a
    /// string enum, which generators turn into an enum type), a <see cref="Http.SortBy{TFields}"/> its
    /// fields (a pattern and a description), paging its bounds (<see cref="Http.PageQuery"/>).
    /// </summary>
    private static void DescribeQuery(OpenApiOperation operation, Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description, bool isList)
    {
        foreach (var parameter in description.ParameterDescriptions.Where(p => p.Source.Id is "Query"))
        {
            if (operation.Parameters!.OfType<OpenApiParameter>().FirstOrDefault(p => p.In == ParameterLocation.Query && p.Name == parameter.Name) is not { } documented)
            {
                continue;
            }
            var type = Nullable.GetUnderlyingType(parameter.Type) ?? parameter.Type;
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Http.QueryChoice<>))
            {
                documented.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. ChoiceNames(type).Select(n => (System.Text.Json.Nodes.JsonNode)n)] };
            }
            else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Http.SortBy<>))
            {
                var fields = type.GetGenericArguments()[0].GetProperty("Fields", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as System.Collections.IDictionary
                    ?? throw new InvalidOperationException($"{description.RelativePath}: {type.GetGenericArguments()[0].Name} has no static Fields.");
                var names = fields.Keys.Cast<string>().ToList();
                var key = $"-?({string.Join('|', names)})";
                documented.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = $"^{key}(,{key}){{0,{Http.SortQuery.MaxKeys - 1}}}$" };
                documented.Description ??= $"Up to {Http.SortQuery.MaxKeys} comma-separated fields, each ascending or, prefixed with `-`, descending: {string.Join(", ", names.Select(n => $"`{n}`"))}.";
            }
            else if (isList && parameter.Name == "skip")
            {
                documented.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Default = 0 };
                documented.Description ??= "How many matching items to skip.";
            }
            else if (isList && parameter.Name == "limit")
            {
                documented.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1",
                    Maximum = Http.PageQuery.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), Default = Http.PageQuery.DefaultLimit,
                };
                documented.Description ??= "How many items a page holds at most.";
            }
        }
    }

    /// <summary>
    /// Form fields say what they accept, as query parameters do: a field bound to several values
    /// (<c>StringValues</c>) is the field repeated, each value text (the framework says only
    /// "array"); a <see cref="Http.QueryChoice{TEnum}"/> field lists its values.
    /// </summary>
    private static void DescribeFormFields(OpenApiOperation operation, Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description)
    {
        var choices = description.ParameterDescriptions
            .Where(p => p.Source.Id is "Form" or "FormFile" && (Nullable.GetUnderlyingType(p.Type) ?? p.Type) is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(Http.QueryChoice<>))
            .ToDictionary(p => p.Name, p => ChoiceNames(Nullable.GetUnderlyingType(p.Type) ?? p.Type));
        if (operation.RequestBody?.Content is not { } content)
        {
            return;
        }
        foreach (var media in content.Where(c => c.Key.StartsWith("multipart/", StringComparison.Ordinal) || c.Key == "application/x-www-form-urlencoded"))
        {
            var schemas = new List<IOpenApiSchema>();
            if (media.Value.Schema is { } root)
            {
                schemas.Add(root);
                schemas.AddRange(root.AllOf ?? []);
            }
            foreach (var properties in schemas.Select(s => s.Properties).OfType<IDictionary<string, IOpenApiSchema>>())
            {
                foreach (var (name, property) in properties.ToList())
                {
                    if (choices.TryGetValue(name, out var names))
                    {
                        properties[name] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. names.Select(n => (System.Text.Json.Nodes.JsonNode)n)] };
                    }
                    else if (property is OpenApiSchema { Type: JsonSchemaType.Array, Items: null } array)
                    {
                        array.Items = new OpenApiSchema { Type = JsonSchemaType.String };
                    }
                }
            }
        }
    }

    private static IEnumerable<string> ChoiceNames(Type choice) =>
        (IEnumerable<string>)choice.GetProperty(nameof(Http.IQueryChoice.Names), BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
    };

    private static void Problem(OpenApiOperation operation, OpenApiDocument document, string status, string description, bool validation = false)
    {
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new()
                {
                    Schema = new OpenApiSchemaReference(validation ? ProblemSchemas.ValidationProblem : ProblemSchemas.Problem, document),
                },
            },
        };
        if (status == "429")
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
            };
        }
        operation.Responses![status] = response;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
