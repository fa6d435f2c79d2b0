using System.Text.Json;
using System.Text.Json.Serialization;

namespace Plugs.Api.Platform.Json;

public static class JsonSetup
{
    /// <summary>snake_case names and enums, unknown fields refused (no silent mass assignment), absent ≠ null for PATCH, text PostgreSQL can store.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new PatchValueConverterFactory());
        StorableTextConverters.Add(options.Converters);
        TimestampFormat.Add(options.Converters);
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    public static IServiceCollection AddJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
}
