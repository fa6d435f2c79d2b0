using System.Text.Json;
using Npgsql;

namespace Plugs.Bench;

/// <summary>
/// The baseline's <c>GET /contacts/{id}</c>: the tenant setting, the contact with its tags, its
/// newest 200 interactions and its 200 strongest relationships with the contact at the other end,
/// all in one batch (one round trip), written as JSON by hand. No auth.
/// </summary>
public static class ContactDetail
{
    private const string Interactions = """
        SELECT i.id, i.contact_id, i.user_id, i.interaction_type, i.subject, i.description, i.outcome, i.interaction_date,
               i.status, i.metadata, i.created_at, i.updated_at
        FROM contact_interactions AS i
        WHERE i.organization_id = $1 AND NOT i.is_deleted AND i.contact_id = $2
        ORDER BY i.interaction_date DESC, i.id DESC
        LIMIT 200
        """;

    private const string Relationships = """
        SELECT r.id, r.from_contact_id, r.to_contact_id, r.relationship_type, r.strength, r.notes, r.created_by, r.updated_by,
               r.created_at, r.updated_at,
               CASE WHEN r.from_contact_id = $2 THEN 'outgoing' ELSE 'incoming' END AS direction,
               o.id AS other_id, o.first_name AS other_first_name, o.last_name AS other_last_name, o.contact_type AS other_contact_type
        FROM contact_relationships AS r
        JOIN contacts AS o ON o.id = CASE WHEN r.from_contact_id = $2 THEN r.to_contact_id ELSE r.from_contact_id END
         AND o.organization_id = $1 AND NOT o.is_deleted
        WHERE r.organization_id = $1 AND NOT r.is_deleted AND (r.from_contact_id = $2 OR r.to_contact_id = $2)
        ORDER BY r.strength DESC, r.id
        LIMIT 200
        """;

    public static async Task GetAsync(Guid id, HttpContext http, NpgsqlDataSource data)
    {
        var organization = Guid.Parse(http.Request.Headers["X-Organization"].ToString());
        var ct = http.RequestAborted;
        await using var connection = await data.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("SELECT set_config('app.current_organization_id', $1, false)") { Parameters = { new() { Value = organization.ToString("D") } } },
                new($"""
                    SELECT {Baseline.Columns}, (
                        SELECT COALESCE(string_agg(t.name, E'\x1F'), '')
                        FROM contact_tags AS ct JOIN tags AS t ON t.id = ct.tag_id AND t.organization_id = $1
                        WHERE ct.organization_id = $1 AND ct.contact_id = c.id) AS tags
                    FROM contacts AS c
                    WHERE c.organization_id = $1 AND NOT c.is_deleted AND c.id = $2
                    LIMIT 1
                    """) { Parameters = { new() { Value = organization }, new() { Value = id } } },
                new(Interactions) { Parameters = { new() { Value = organization }, new() { Value = id } } },
                new(Relationships) { Parameters = { new() { Value = organization }, new() { Value = id } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            http.Response.StatusCode = 404;
            return;
        }
        http.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartObject();
        WriteColumns(json, reader);
        await reader.NextResultAsync(ct);
        json.WriteStartArray("interactions");
        while (await reader.ReadAsync(ct))
        {
            json.WriteStartObject();
            WriteColumns(json, reader);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        await reader.NextResultAsync(ct);
        json.WriteStartArray("relationships");
        while (await reader.ReadAsync(ct))
        {
            json.WriteStartObject();
            WriteColumns(json, reader);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    private static void WriteColumns(Utf8JsonWriter json, NpgsqlDataReader reader)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            json.WritePropertyName(reader.GetName(i));
            switch (reader.IsDBNull(i) ? null : reader.GetValue(i))
            {
                case null: json.WriteNullValue(); break;
                case Guid g: json.WriteStringValue(g); break;
                case DateTime d: json.WriteStringValue(d); break;
                case int n: json.WriteNumberValue(n); break;
                case var other: json.WriteStringValue(other.ToString()); break;
            }
        }
    }
}
