using System.Text.Json;
using System.Text.Json.Serialization;

namespace Plugs.Api.Platform.Json;

/// <summary>
/// A PATCH field: absent from the body (<see cref="IsSet"/> false, leave as is) is different
/// from present with null (clear it) and from present with a value (set it).
/// </summary>
public readonly record struct PatchValue<T>(T Value)
{
    public bool IsSet { get; } = true;

    /// <summary>The sent value, or <paramref name="current"/> when the field was absent.</summary>
    public T Or(T current) => IsSet ? Value : current;
}

internal sealed class PatchValueConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(PatchValue<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(PatchValueConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class PatchValueConverter<T> : JsonConverter<PatchValue<T>>
    {
        public override bool HandleNull => true;

        // Through the inner converter, not JsonSerializer.Deserialize: a type error then keeps
        // the property's path ($.first_name) and is reported against the right field.
        public override PatchValue<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(((JsonConverter<T>)options.GetConverter(typeof(T))).Read(ref reader, typeof(T), options)!);

        public override void Write(Utf8JsonWriter writer, PatchValue<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options);
    }
}
