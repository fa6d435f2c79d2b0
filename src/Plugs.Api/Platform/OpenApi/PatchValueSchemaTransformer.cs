using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Plugs.Api.Platform.Json;

namespace Plugs.Api.Platform.OpenApi;

/// <summary>On the wire an <see cref="PatchValue{T}"/> is just a (nullable) T; say so in the document.</summary>
internal sealed class PatchValueSchemaTransformer : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(PatchValue<>))
        {
            return;
        }
        var inner = await context.GetOrCreateSchemaAsync(type.GetGenericArguments()[0], null, cancellationToken);
        schema.Properties?.Clear();
        schema.Type = inner.Type | JsonSchemaType.Null;
        schema.Format = inner.Format;
        schema.Items = inner.Items;
        schema.Enum = inner.Enum;
    }
}
