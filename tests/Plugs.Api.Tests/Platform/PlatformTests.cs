using System.Net;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Platform;

/// <summary>Health, OpenAPI, docs, request ids, CORS and the error shape of the pipeline itself.</summary>
public abstract class PlatformTests(PlugsApiFactory api)
{
    [Fact]
    public async Task Health_endpoints_answer()
    {
        using var client = api.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.JsonAsync();
        Assert.Equal("Healthy", body["status"]!.GetValue<string>());
        Assert.NotNull(body["checks"]!["database"]);
        Assert.Equal(api.IsPostgres, body["checks"]!["redis"] is not null);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_api()
    {
        using var client = api.CreateAnonymousClient();
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { "/api/v1/auth/login", "/api/v1/auth/register", "/api/v1/users", "/api/v1/users/{id}", "/api/v1/organization" })
        {
            Assert.True(paths.ContainsKey(path), $"{path} is missing from the OpenAPI document");
        }
        Assert.NotNull(document["components"]!["securitySchemes"]!["bearer"]);
    }

    [Fact]
    public async Task Interactive_docs_are_served()
    {
        using var client = api.CreateAnonymousClient();
        var response = await client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_ids_are_echoed_or_generated_and_appear_in_problems()
    {
        using var client = api.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/nothing-here");
        request.Headers.Add("X-Request-Id", "abc-123");
        var response = await client.SendAsync(request);
        var problem = await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("abc-123", response.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal("abc-123", problem["request_id"]!.GetValue<string>());

        using var hostile = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        hostile.Headers.TryAddWithoutValidation("X-Request-Id", "bad id\twith spaces");
        var generated = (await client.SendAsync(hostile)).Headers.GetValues("X-Request-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", generated);
    }

    [Theory]
    [InlineData("limit=ten", "limit")]
    [InlineData("skip=1.5", "skip")]
    [InlineData("is_active=maybe", "is_active")]
    public async Task Query_values_of_the_wrong_type_are_422_naming_the_parameter(string query, string field)
    {
        var account = await api.RegisterAsync();
        var problem = await (await account.Client.GetAsync($"/api/v1/users?{query}")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task A_malformed_id_in_the_route_is_not_a_match()
    {
        var account = await api.RegisterAsync();
        await (await account.Client.GetAsync("/api/v1/users/not-a-uuid")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unsupported_media_type_and_wrong_method_are_problems_not_500s()
    {
        using var client = api.CreateAnonymousClient();
        var text = await client.PostAsync("/api/v1/auth/login", new StringContent("email=a", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        var method = await client.DeleteAsync("/api/v1/auth/login");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.StatusCode);
    }
}

public sealed class PlatformTestsOnSqlite(SqliteApiFactory api) : PlatformTests(api), IClassFixture<SqliteApiFactory>;

public sealed class PlatformTestsOnPostgres(PostgresApiFactory api) : PlatformTests(api), IClassFixture<PostgresApiFactory>;
