using System.Text.Json;
using System.Text.Json.Serialization;
using Plugs.Api.Platform.Validation;

namespace Plugs.Api.Platform.Json;

/// <summary>
/// <see cref="StorableText"/> applied while a request body is read: every string, and every key of a
/// JSON object (dictionaries, and free-form JSON such as <c>metadata</c> at any depth), or the body
/// is refused with 422 naming the field. Writing is unchanged.
/// </summary>
public static class StorableTextConverters
{
    public static void Add(IList<JsonConverter> converters)
    {
        converters.Add(new StringConverter());
        converters.Add(new JsonElementConverter());
    }

    /// <summary>Thrown while reading; STJ adds the path of the field, the problem handler names it.</summary>
    public sealed class UnstorableTextException() : JsonException(StorableText.Message);

    private static string Checked(ref Utf8JsonReader reader)
    {
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new UnstorableTextException(); // an escaped lone surrogate cannot be decoded
        }
        return StorableText.IsStorable(text) ? text : throw new UnstorableTextException();
    }

    private sealed class StringConverter : JsonConverter<string>
    {
        // Null reaches Read when another converter delegates here (PatchValue), as with the built-in one.
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => Checked(ref reader),
            JsonTokenType.Null => null,
            _ => throw new JsonException("Expected a string."),
        };

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(ref reader);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
    }

    private sealed class JsonElementConverter : JsonConverter<JsonElement>
    {
        public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var element = JsonElement.ParseValue(ref reader);
            return IsStorable(element) ? element : throw new UnstorableTextException();
        }

        public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);

        private static bool IsStorable(JsonElement element)
        {
            try
            {
                return element.ValueKind switch
                {
                    JsonValueKind.String => StorableText.IsStorable(element.GetString()),
                    JsonValueKind.Object => element.EnumerateObject().All(p => StorableText.IsStorable(p.Name) && IsStorable(p.Value)),
                    JsonValueKind.Array => element.EnumerateArray().All(IsStorable),
                    _ => true,
                };
            }
            catch (InvalidOperationException)
            {
                return false; // an escaped lone surrogate cannot be decoded
            }
        }
    }
}
