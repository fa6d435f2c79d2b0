using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using FluentValidation.Internal;
using FluentValidation.Validators;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Plugs.Api.Platform.Json;

namespace Plugs.Api.Platform.OpenApi;

/// <summary>
/// Object schemas say what the server enforces. A request record with a validator is required and
/// non-null exactly where an unconditional NotNull/NotEmpty rule says so, optional and nullable
/// elsewhere; PATCH fields (<see cref="PatchValue{T}"/>) are never required and are nullable only
/// where null is accepted (it clears the field); lengths, ranges, patterns and formats come from
/// the rules (<see cref="IDocumentedRule"/> for the API's own). Every other object (responses) lists
/// every property as required — the server always writes each one, null or not — and nullable
/// where its C# type is.
/// </summary>
internal sealed class ContractSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var info = context.JsonTypeInfo;
        if (IsHiddenScalar(info.Type))
        {
            RestoreHiddenType(schema, info.Type);
            return Task.CompletedTask;
        }
        if (info.Kind != JsonTypeInfoKind.Object || context.JsonPropertyInfo is not null || schema.Properties is not { Count: > 0 } properties
            || info.Type.IsGenericType && info.Type.GetGenericTypeDefinition() == typeof(PatchValue<>))
        {
            return Task.CompletedTask;
        }
        var validator = (IValidator?)context.ApplicationServices.GetService(typeof(IValidator<>).MakeGenericType(info.Type));
        var descriptor = validator?.CreateDescriptor();
        var required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in info.Properties)
        {
            if (!properties.TryGetValue(property.Name, out var propertySchema))
            {
                continue;
            }
            var isPatch = property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(PatchValue<>);
            var valueType = isPatch ? property.PropertyType.GetGenericArguments()[0] : property.PropertyType;
            RestoreHiddenType(propertySchema, valueType);
            if (isPatch && (Nullable.GetUnderlyingType(valueType) ?? valueType) is { IsEnum: true } enumType)
            {
                // The PATCH field's enum is the same named schema as everywhere else, not an inline copy.
                properties[property.Name] = propertySchema = new OpenApiSchemaReference(enumType.Name, context.Document);
            }
            bool nullable, isRequired;
            if (descriptor is null)
            {
                nullable = IsNullable(property);
                isRequired = true;
            }
            else
            {
                var components = descriptor.GetRulesForMember(property.Name).SelectMany(r => r.Components).ToList();
                var refusesNull = components.Any(c => c.Validator is INotNullValidator or INotEmptyValidator && (isPatch || !c.HasCondition));
                nullable = !refusesNull;
                isRequired = refusesNull && !isPatch;
                properties[property.Name] = propertySchema = ApplyRules(propertySchema, components);
            }
            properties[property.Name] = propertySchema = WithNullability(propertySchema, nullable);
            if (isPatch)
            {
                var text = nullable ? "Leave out to keep the current value; null clears it." : "Leave out to keep the current value.";
                switch (propertySchema)
                {
                    case OpenApiSchemaReference reference:
                        reference.Description = text;
                        break;
                    case OpenApiSchema patch:
                        patch.Description = text;
                        break;
                }
            }
            if (isRequired)
            {
                required.Add(property.Name);
            }
        }
        schema.Required = required;
        return Task.CompletedTask;
    }

    private static bool IsHiddenScalar(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(string) || t == typeof(DateTime) || t == typeof(DateTimeOffset));

    /// <summary>
    /// The API's own converters for text (StorableTextConverters) and times (TimestampFormat) hide the
    /// type from the schema exporter, and property schemas are transformed after their object: say
    /// it here for text, lists of text and date-times (nullability is the object's to decide).
    /// </summary>
    private static void RestoreHiddenType(IOpenApiSchema propertySchema, Type type)
    {
        if (propertySchema is not OpenApiSchema schema)
        {
            return;
        }
        var scalar = Nullable.GetUnderlyingType(type) ?? type;
        if (scalar == typeof(string))
        {
            schema.Type = (schema.Type ?? 0) | JsonSchemaType.String;
        }
        else if (scalar == typeof(DateTime) || scalar == typeof(DateTimeOffset))
        {
            schema.Type = (schema.Type ?? 0) | JsonSchemaType.String;
            schema.Format = "date-time";
            schema.Pattern = null;
        }
        else if (type == typeof(string[]) || type == typeof(List<string>) || type == typeof(IReadOnlyList<string>))
        {
            schema.Type = (schema.Type ?? 0) | JsonSchemaType.Array;
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
        }
    }

    private static bool IsNullable(JsonPropertyInfo property)
    {
        if (property.PropertyType.IsValueType)
        {
            return Nullable.GetUnderlyingType(property.PropertyType) is not null;
        }
        var nullability = new NullabilityInfoContext(); // not thread-safe: one per question
        return property.AttributeProvider switch
        {
            PropertyInfo p => nullability.Create(p).ReadState != NullabilityState.NotNull,
            FieldInfo f => nullability.Create(f).ReadState != NullabilityState.NotNull,
            _ => true,
        };
    }

    /// <summary>Lengths, ranges, patterns and formats of the property's rules, on an inline copy of its schema.</summary>
    private static IOpenApiSchema ApplyRules(IOpenApiSchema propertySchema, List<IRuleComponent> components)
    {
        if (propertySchema is not OpenApiSchema schema || components.Count == 0)
        {
            return propertySchema; // a reference (enum, nested object): its own schema carries its rules
        }
        var isString = schema.Type?.HasFlag(JsonSchemaType.String) == true;
        foreach (var component in components)
        {
            switch (component.Validator)
            {
                case ILengthValidator length when isString:
                    if (length.Min > 0) schema.MinLength = Math.Max(schema.MinLength ?? 0, length.Min);
                    if (length.Max > 0) schema.MaxLength = Math.Min(schema.MaxLength ?? int.MaxValue, length.Max);
                    break;
                case INotEmptyValidator when isString:
                    schema.MinLength = Math.Max(schema.MinLength ?? 0, 1);
                    break;
                case IBetweenValidator between:
                    schema.Minimum = Convert.ToString(between.From, System.Globalization.CultureInfo.InvariantCulture);
                    schema.Maximum = Convert.ToString(between.To, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case IRegularExpressionValidator regex:
                    schema.Pattern = regex.Expression;
                    break;
                case IEmailValidator:
                    schema.Format = "email";
                    break;
                case IDocumentedRule documented:
                    documented.Describe(schema);
                    break;
            }
        }
        return schema;
    }

    /// <summary>Adds or removes null from the schema's types; a nullable reference becomes oneOf null or it.</summary>
    private static IOpenApiSchema WithNullability(IOpenApiSchema propertySchema, bool nullable)
    {
        if (propertySchema is OpenApiSchemaReference reference)
        {
            return nullable ? new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, reference] } : reference;
        }
        if (propertySchema is not OpenApiSchema schema)
        {
            return propertySchema;
        }
        if (schema.OneOf is { Count: > 0 } oneOf)
        {
            var others = oneOf.Where(s => s is not OpenApiSchema { Type: JsonSchemaType.Null }).ToList();
            if (!nullable && others.Count == 1 && schema.Properties is null && schema.Type is null)
            {
                return others[0];
            }
            schema.OneOf = nullable ? [new OpenApiSchema { Type = JsonSchemaType.Null }, .. others] : others;
            return schema;
        }
        if (schema.Type is { } type)
        {
            schema.Type = nullable ? type | JsonSchemaType.Null : type & ~JsonSchemaType.Null;
        }
        if (schema.Enum is { Count: > 0 } values)
        {
            schema.Enum = nullable ? [.. values.Where(v => v is not null), null!] : [.. values.Where(v => v is not null)];
        }
        return schema;
    }
}

/// <summary>A validation rule of the API's own that can say what it enforces in the OpenAPI schema of its property.</summary>
public interface IDocumentedRule
{
    void Describe(OpenApiSchema schema);
}
