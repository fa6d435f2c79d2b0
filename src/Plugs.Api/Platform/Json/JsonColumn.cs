using System.Text.Json;
using System.Text.Json.Serialization;

namespace Plugs.Api.Platform.Json;

/// <summary>
/// A JSON column (jsonb on PostgreSQL, TEXT on SQLite; always a JSON object the API validated
/// before storing it) on its way into a response: written as stored, with no document built per
/// row (list endpoints write one per row, and parsing them was a measurable share of a list).
/// </summary>
[JsonConverter(typeof(Converter))]
public readonly record struct JsonColumn(string Raw)
{
    public static JsonColumn Read(string raw) => new(raw);

    /// <summary>Writes the stored JSON as the next value, validated as it is copied (a cheap forward scan): a damaged row must not corrupt the response.</summary>
    public void WriteTo(Utf8JsonWriter writer) => writer.WriteRawValue(Raw, skipInputValidation: false);

    private sealed class Converter : JsonConverter<JsonColumn>
    {
        public override JsonColumn Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return new JsonColumn(document.RootElement.GetRawText());
        }

        public override void Write(Utf8JsonWriter writer, JsonColumn value, JsonSerializerOptions options) => value.WriteTo(writer);
    }
}
