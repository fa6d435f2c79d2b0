using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Plugs.Api.Platform.Json;

/// <summary>
/// The one way the API writes a point in time — in responses, exports and messages: UTC, ISO 8601,
/// exactly three fractional digits (<c>2026-11-25T16:51:08.733Z</c>). Reading accepts any ISO 8601
/// date-time with an offset (or Z) and turns it into UTC.
/// </summary>
public static class TimestampFormat
{
    public const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Write(DateTime value) =>
        (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).ToString(Pattern, CultureInfo.InvariantCulture);

    public static string Write(DateTimeOffset value) => value.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static void Add(IList<JsonConverter> converters)
    {
        converters.Add(new DateTimeConverter());
        converters.Add(new DateTimeOffsetConverter());
    }

    private sealed class DateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset().UtcDateTime;

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(TimestampFormat.Write(value));
    }

    private sealed class DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(TimestampFormat.Write(value));
    }
}
