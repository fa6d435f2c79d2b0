using System.Text.Json;
using Npgsql;

namespace Plugs.Bench;

/// <summary>
/// The yardstick: a minimal ASP.NET Core endpoint that sends the same SQL the API's
/// <c>GET /api/v1/contacts</c> sends (and one for <c>GET /api/v1/contacts/{id}</c>, <see cref="ContactDetail"/>) (tenant setting, exact count, the page with its tags, as EF
/// generates them) through raw Npgsql
/// and writes the rows as JSON by hand. No auth, no EF, no validation: what the API costs above
/// this is the price of its framework and its authentication.
/// </summary>
public static class Baseline
{
    internal const string Columns = "c.id, c.first_name, c.last_name, c.first_name || ' ' || c.last_name AS full_name, c.email, c.phone, c.company, c.job_title, c.linkedin_url, c.bio, c.avatar_url, c.contact_type, c.status, c.priority, c.business_type, c.network_type, c.industry, c.notes, c.metadata, c.lead_score, c.last_interaction, c.created_by, c.updated_by, c.created_at, c.updated_at";

    public static async Task<int> RunAsync(Options options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Number("port", 5091)}");
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(options.Get("connection")));
        var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapGet("/contacts", ListAsync);
        app.MapGet("/contacts/{id:guid}", ContactDetail.GetAsync);
        await app.RunAsync();
        return 0;
    }

    private static async Task ListAsync(HttpContext http, NpgsqlDataSource data)
    {
        var organization = Guid.Parse(http.Request.Headers["X-Organization"].ToString());
        var query = http.Request.Query;
        var limit = int.Parse(query["limit"].FirstOrDefault() ?? "100", System.Globalization.CultureInfo.InvariantCulture);
        var where = "c.organization_id = @org AND NOT (c.is_deleted)";
        var parameters = new List<NpgsqlParameter> { new("org", organization) };
        if (query["contact_type"].FirstOrDefault() is { } type)
        {
            where += " AND c.contact_type = @type";
            parameters.Add(new("type", type));
        }
        if (query["status"].FirstOrDefault() is { } status)
        {
            where += " AND c.status = @status";
            parameters.Add(new("status", status));
        }
        await using var connection = await data.OpenConnectionAsync(http.RequestAborted);
        await using (var scope = new NpgsqlCommand("SELECT set_config('app.current_organization_id', @org, false)", connection))
        {
            scope.Parameters.AddWithValue("org", organization.ToString("D"));
            await scope.ExecuteScalarAsync(http.RequestAborted);
        }
        if (query["q"].FirstOrDefault() is { } q)
        {
            // As the API: read the matching ids once (up to 1,001), then count and page over them.
            await using var search = new NpgsqlCommand("""SELECT id AS "Value" FROM contact_search_ids(@pattern) AS id LIMIT 1001""", connection);
            search.Parameters.AddWithValue("pattern", "%" + Plugs.Data.Common.TextFolding.CaseAndAccents(q) + "%");
            var ids = new List<Guid>();
            await using (var matches = await search.ExecuteReaderAsync(http.RequestAborted))
            {
                while (await matches.ReadAsync(http.RequestAborted))
                {
                    ids.Add(matches.GetGuid(0));
                }
            }
            where += " AND c.id = ANY (@ids)";
            parameters.Add(new("ids", ids.ToArray()));
        }

        await using (var count = new NpgsqlCommand($"SELECT count(*)::int FROM contacts AS c WHERE {where}", connection))
        {
            count.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
            http.Response.Headers["X-Total-Count"] = ((int)(await count.ExecuteScalarAsync(http.RequestAborted))!).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await using var page = new NpgsqlCommand($"""
            SELECT {Columns}, (
                SELECT COALESCE(string_agg(t0.name, E'\\x1F'), '')
                FROM contact_tags AS c0
                INNER JOIN (SELECT t.id, t.name FROM tags AS t WHERE t.organization_id = @org) AS t0 ON c0.tag_id = t0.id
                WHERE c0.organization_id = @org AND c0.contact_id = c.id
                GROUP BY c0.contact_id
                LIMIT 1) AS tags
            FROM contacts AS c WHERE {where}
            ORDER BY c.created_at DESC, c.id DESC LIMIT @limit OFFSET 0
            """, connection);
        page.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
        page.Parameters.AddWithValue("limit", limit);
        http.Response.ContentType = "application/json; charset=utf-8";
        await using var reader = await page.ExecuteReaderAsync(http.RequestAborted);
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartArray();
        while (await reader.ReadAsync(http.RequestAborted))
        {
            json.WriteStartObject();
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
            json.WriteEndObject();
        }
        json.WriteEndArray();
        await json.FlushAsync(http.RequestAborted);
    }
}
