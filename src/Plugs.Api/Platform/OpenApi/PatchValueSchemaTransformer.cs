using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Plugs.Api.Platform.Json;

namespace Plugs.Api.Platform.OpenApi;

/// <summary>
/// On the wire a <see cref="PatchValue{T}"/> is just a T that may be left out; say so in the
/// document: the inner type, and never "required" (whether null is accepted is the field's rules',
/// <see cref="ContractSchemaTransformer"/>).
/// </summary>
internal sealed class PatchValueSchemaTransformer : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (IsPatchValue(type))
        {
            var inner = await context.GetOrCreateSchemaAsync(type.GetGenericArguments()[0], null, cancellationToken);
            schema.Properties?.Clear();
            schema.Type = inner.Type | JsonSchemaType.Null;
            schema.Format = inner.Format;
            schema.Items = inner.Items;
            schema.Enum = inner.Enum;
            return;
        }
        foreach (var property in context.JsonTypeInfo.Properties.Where(p => IsPatchValue(p.PropertyType)))
        {
            schema.Required?.Remove(property.Name);
        }
    }

    private static bool IsPatchValue(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(PatchValue<>);
}
