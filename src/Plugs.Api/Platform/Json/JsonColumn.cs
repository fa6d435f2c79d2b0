using System.Text.Json;

namespace Plugs.Api.Platform.Json;

/// <summary>JSON columns (jsonb on PostgreSQL, TEXT on SQLite) are stored as raw text; responses embed them as JSON.</summary>
public static class JsonColumn
{
    public static JsonElement Read(string raw) => JsonDocument.Parse(raw).RootElement.Clone();
}
