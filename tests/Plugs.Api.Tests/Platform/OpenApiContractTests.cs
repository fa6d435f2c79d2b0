using System.Net;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Platform;

/// <summary>
/// The served OpenAPI document tells the truth a generated client relies on: every operation has
/// an operationId, the security it needs, the errors it can give as problem details, the headers
/// it honours; request schemas are required and nullable as the validators enforce, with their
/// constraints. (The document does not depend on the database provider.)
/// </summary>
public sealed class OpenApiContractTests(SqliteApiFactory api) : IClassFixture<SqliteApiFactory>
{
    private static readonly string[] Anonymous =
    [
        "POST /api/v1/auth/register", "POST /api/v1/auth/login", "POST /api/v1/auth/refresh", "POST /api/v1/auth/forgot-password",
        "POST /api/v1/auth/reset-password", "POST /api/v1/auth/verify-email", "POST /api/v1/auth/invitations/accept",
        "GET /api/v1/calendar/feed.ics",
    ];

    private static readonly string[] ConditionalActions =
    [
        "POST /api/v1/introductions/{id}/accept", "POST /api/v1/introductions/{id}/decline", "POST /api/v1/introductions/{id}/make",
        "POST /api/v1/introductions/{id}/complete", "POST /api/v1/events/{id}/publish", "POST /api/v1/events/{id}/start",
        "POST /api/v1/events/{id}/complete", "POST /api/v1/events/{id}/cancel",
    ];

    private async Task<JsonObject> DocumentAsync()
    {
        using var client = api.CreateAnonymousClient();
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static IEnumerable<(string Name, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(op => ($"{op.Key.ToUpperInvariant()} {path.Key}", op.Value!.AsObject())));

    private static JsonObject Schema(JsonObject document, string name) => document["components"]!["schemas"]![name]!.AsObject();

    [Fact]
    public async Task Every_operation_has_a_unique_operation_id()
    {
        var ids = Operations(await DocumentAsync()).Select(o => (o.Name, Id: o.Operation["operationId"]?.GetValue<string>())).ToList();
        Assert.All(ids, o => Assert.False(string.IsNullOrEmpty(o.Id), $"{o.Name} has no operationId"));
        Assert.Empty(ids.GroupBy(o => o.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(o => o.Name))}"));
    }

    [Fact]
    public async Task Operations_declare_their_security_and_401_exactly_where_a_token_is_needed()
    {
        var operations = Operations(await DocumentAsync()).ToList();
        Assert.All(Anonymous, name => Assert.Contains(operations, o => o.Name == name));
        foreach (var (name, operation) in operations)
        {
            var secured = operation["security"] is JsonArray { Count: > 0 } security && security[0]!.AsObject().ContainsKey("bearer");
            var has401 = operation["responses"]!.AsObject().ContainsKey("401");
            Assert.True(secured == !Anonymous.Contains(name), $"{name}: security {(secured ? "declared" : "missing")}");
            Assert.True(has401 == secured, $"{name}: 401 {(has401 ? "declared" : "missing")}");
        }
    }

    [Fact]
    public async Task Every_error_response_is_a_problem_detail_with_a_code()
    {
        var document = await DocumentAsync();
        Assert.Contains("code", Schema(document, "Problem")["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains("errors", Schema(document, "ValidationProblem")["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        foreach (var (name, operation) in Operations(document))
        {
            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => r.Key[0] is '4' or '5'))
            {
                var reference = response!["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>();
                var expected = status == "422" ? "#/components/schemas/ValidationProblem" : "#/components/schemas/Problem";
                Assert.True(reference == expected, $"{name} {status}: {reference ?? "no problem schema"}");
            }
            var has422 = operation["responses"]!["422"] is not null;
            var takesInput = operation["requestBody"] is not null || operation["parameters"] is JsonArray p && p.Any(x => x!["in"]!.GetValue<string>() is not ("path" or "header"));
            Assert.True(has422 == takesInput, $"{name}: 422 {(has422 ? "declared without input" : "missing")}");
        }
    }

    [Fact]
    public async Task Conditional_and_idempotent_writes_and_lists_declare_their_headers()
    {
        foreach (var (name, operation) in Operations(await DocumentAsync()))
        {
            var parameters = operation["parameters"]?.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList() ?? [];
            Assert.All(parameters.Where(p => operation["parameters"]!.AsArray().Any(x => x!["name"]!.GetValue<string>() == p && x["in"]!.GetValue<string>() == "query")),
                p => Assert.Matches("^[a-z][a-z0-9_]*$", p));
            var responses = operation["responses"]!.AsObject();
            // Every PATCH, and the actions that check If-Match too (a stale ETag there is a 412, not a silent write).
            if (name.StartsWith("PATCH ", StringComparison.Ordinal) || ConditionalActions.Contains(name))
            {
                Assert.Contains("If-Match", parameters);
                Assert.True(responses.ContainsKey("412"), $"{name} has no 412");
                Assert.True(responses["200"]!["headers"]?["ETag"] is not null, $"{name} does not say it answers an ETag");
            }
            if (parameters.Contains("skip"))
            {
                Assert.Contains("limit", parameters);
                var headers = responses["200"]!["headers"]!.AsObject();
                Assert.True(headers.ContainsKey("X-Total-Count") && headers.ContainsKey("Link"), $"{name} lacks the paging headers");
            }
        }
        // Enum form fields list their values as query enums do; wrappers never leak as components.
        var document = await DocumentAsync();
        var import = Operations(document).Single(o => o.Name == "POST /api/v1/contacts/import").Operation;
        var fields = import["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!["allOf"]!.AsArray().SelectMany(s => s!["properties"]!.AsObject()).ToDictionary(p => p.Key, p => p.Value!);
        Assert.Equal(["target", "contact", "plug"], fields["contact_type"]["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.DoesNotContain(document["components"]!["schemas"]!.AsObject(), s => s.Key.StartsWith("QueryChoice", StringComparison.Ordinal) || s.Key.StartsWith("SortBy", StringComparison.Ordinal));
        var createContact = Operations(document).Single(o => o.Name == "POST /api/v1/contacts").Operation;
        Assert.Contains(createContact["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Idempotency-Key" && p["in"]!.GetValue<string>() == "header");
        Assert.NotNull(createContact["responses"]!["201"]!["headers"]!["Location"]);
        Assert.NotNull(createContact["responses"]!["201"]!["headers"]!["ETag"]);
    }

    [Fact]
    public async Task Request_schemas_are_required_nullable_and_constrained_as_the_server_enforces()
    {
        var document = await DocumentAsync();
        var create = Schema(document, "CreateContactRequest");
        Assert.Equal(["first_name", "last_name"], create["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
        var firstName = create["properties"]!["first_name"]!;
        Assert.Equal("string", firstName["type"]!.GetValue<string>());
        Assert.Equal(50, firstName["maxLength"]!.GetValue<int>());
        Assert.Equal(1, firstName["minLength"]!.GetValue<int>());
        var email = create["properties"]!["email"]!;
        Assert.Equal(["null", "string"], email["type"]!.AsArray().Select(t => t!.GetValue<string>()).Order());
        Assert.Equal("email", email["format"]!.GetValue<string>());
        Assert.Equal(100, create["properties"]!["lead_score"]!["maximum"]!.GetValue<int>());
        Assert.Equal(0, create["properties"]!["lead_score"]!["minimum"]!.GetValue<int>());

        var update = Schema(document, "UpdateContactRequest");
        Assert.True(update["required"] is null or JsonArray { Count: 0 }, "a PATCH requires nothing");
        Assert.Equal("string", update["properties"]!["first_name"]!["type"]!.GetValue<string>()); // null is refused there
        Assert.Contains("null", update["properties"]!["phone"]!["type"]!.AsArray().Select(t => t!.GetValue<string>())); // null clears it

        var response = Schema(document, "ContactResponse");
        Assert.Contains("email", response["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains("null", response["properties"]!["email"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("string", response["properties"]!["first_name"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Schema_names_are_plain()
    {
        var names = (await DocumentAsync())["components"]!["schemas"]!.AsObject().Select(s => s.Key).ToList();
        Assert.All(names, n => Assert.DoesNotContain("Endpoints", n, StringComparison.Ordinal));
        Assert.All(names, n => Assert.DoesNotContain("PatchValue", n, StringComparison.Ordinal));
    }

    /// <summary>Query parameters say what they accept: enum filters are string enums with the values the server takes; paging has its bounds.</summary>
    [Theory]
    [InlineData("/api/v1/contacts", "status", "hot_lead")]
    [InlineData("/api/v1/contacts", "contact_type", "plug")]
    [InlineData("/api/v1/contacts/{contactId}/interactions", "interaction_type", "meeting")]
    [InlineData("/api/v1/contacts/{contactId}/relationships", "direction", "mutual")]
    [InlineData("/api/v1/introductions", "status", "requested")]
    [InlineData("/api/v1/events", "event_type", "networking")]
    [InlineData("/api/v1/events/{id}/attendees", "role", "speaker")]
    public async Task Query_enums_are_string_enums_and_paging_has_its_bounds(string path, string parameter, string value)
    {
        var parameters = (await DocumentAsync())["paths"]![path]!["get"]!["parameters"]!.AsArray();
        JsonNode Schema(string name) => parameters.Single(p => p!["name"]!.GetValue<string>() == name && p["in"]!.GetValue<string>() == "query")!["schema"]!;
        var values = Schema(parameter)["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        Assert.Contains(value, values);
        Assert.Equal("string", Schema(parameter)["type"]!.GetValue<string>());
        Assert.Equal(0, Schema("skip")["minimum"]!.GetValue<int>());
        Assert.Equal(1, Schema("limit")["minimum"]!.GetValue<int>());
        Assert.Equal(1000, Schema("limit")["maximum"]!.GetValue<int>());
        Assert.Equal(100, Schema("limit")["default"]!.GetValue<int>());
    }
}
