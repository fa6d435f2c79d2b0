using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Plugs.Api.Tests.Events;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Platform;

/// <summary>
/// The query string is part of the contract: a parameter an operation does not take is a 422
/// naming it (a misspelt filter must not answer with everything), every parameter the OpenAPI
/// document lists is taken, and date windows have one shape (<c>&lt;field&gt;_after</c> ≤ value &lt;
/// <c>&lt;field&gt;_before</c>).
/// </summary>
public sealed class QueryParameterTests(SqliteApiFactory api) : IClassFixture<SqliteApiFactory>
{
    [Theory]
    [InlineData("/api/v1/contacts?stauts=hot_lead", "stauts", "status")]
    [InlineData("/api/v1/events?from=2031-01-01T00:00:00Z", "from", "end_date_after")]
    [InlineData("/api/v1/tags?limit=5&colour=red", "colour", "q")]
    public async Task An_unknown_parameter_is_a_422_naming_it_and_listing_the_allowed_ones(string url, string unknown, string allowed)
    {
        var account = await api.RegisterAsync();
        await account.Client.PostAsJsonAsync("/api/v1/contacts", new { first_name = "Ada", last_name = "Lovelace", status = "hot_lead" });
        var problem = await (await account.Client.GetAsync(url)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("validation_failed", problem.Text("code"));
        var message = problem["errors"]![unknown]![0]!.GetValue<string>();
        Assert.Contains(allowed, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parameters_are_matched_ignoring_case_as_the_binder_does()
    {
        var account = await api.RegisterAsync();
        await account.Client.PostAsJsonAsync("/api/v1/contacts", new { first_name = "Ada", last_name = "Lovelace", status = "hot_lead" });
        await account.Client.PostAsJsonAsync("/api/v1/contacts", new { first_name = "Bob", last_name = "Cold", status = "cold_lead" });
        var response = await account.Client.GetAsync("/api/v1/contacts?Status=hot_lead");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Ada", Assert.Single(await response.JsonArrayAsync())!.Text("first_name"));
    }

    [Fact]
    public async Task An_operation_without_query_parameters_refuses_any()
    {
        var account = await api.RegisterAsync();
        var problem = await (await account.Client.GetAsync("/api/v1/auth/me?verbose=true")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["verbose"]);
        using var anonymous = api.CreateAnonymousClient();
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login?remember=1", new { email = account.Email, password = account.Password });
        Assert.NotNull((await login.ProblemAsync(HttpStatusCode.UnprocessableEntity))["errors"]!["remember"]);
    }

    /// <summary>
    /// Every operation, sent every query parameter its document lists with a value of the
    /// documented shape, is never told one of them is unknown: the document and the server agree.
    /// </summary>
    [Fact]
    public async Task Every_documented_query_parameter_is_taken()
    {
        var account = await api.RegisterAsync();
        using var anonymous = api.CreateAnonymousClient();
        var document = await (await anonymous.GetAsync("/openapi/v1.json")).JsonAsync();
        var checkedOperations = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var parameters = node!["parameters"]?.AsArray().Select(p => p!.AsObject()).Where(p => p.Text("in") == "query").ToList() ?? [];
                if (parameters.Count == 0)
                {
                    continue;
                }
                var query = string.Join('&', parameters.Select(p => $"{p.Text("name")}={Uri.EscapeDataString(SampleValue(p))}"));
                var url = Regex.Replace(path, "{[^}]+}", _ => Guid.NewGuid().ToString()) + "?" + query;
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
                var response = await account.Client.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
                {
                    var errors = (await response.JsonAsync())["errors"]?.AsObject() ?? [];
                    Assert.DoesNotContain(errors, e => e.Value!.AsArray().Any(m => m!.GetValue<string>().StartsWith("Unknown parameter", StringComparison.Ordinal)));
                }
                checkedOperations++;
            }
        }
        Assert.True(checkedOperations >= 10, $"only {checkedOperations} operations take query parameters");
    }

    private static string SampleValue(JsonObject parameter)
    {
        var schema = parameter["schema"]!.AsObject();
        if (schema["enum"] is JsonArray { Count: > 0 } values)
        {
            return values[0]!.GetValue<string>();
        }
        if (schema["pattern"] is JsonValue pattern && Regex.Match(pattern.GetValue<string>(), @"\(([a-z_]+)\|") is { Success: true } field)
        {
            return field.Groups[1].Value; // a sort key
        }
        var type = schema["type"] is JsonArray types ? types.Select(t => t!.GetValue<string>()).First(t => t != "null") : schema["type"]?.GetValue<string>();
        return (type, schema["format"]?.GetValue<string>()) switch
        {
            ("integer", _) => "1",
            ("boolean", _) => "true",
            (_, "date-time") => "2031-01-01T00:00:00Z",
            (_, "uuid") => Guid.NewGuid().ToString(),
            _ => "x",
        };
    }

    [Theory]
    [InlineData("/api/v1/contacts", "last_interaction")]
    [InlineData("/api/v1/follow-ups", "due")]
    [InlineData("/api/v1/events", "start_date")]
    [InlineData("/api/v1/events", "end_date")]
    public async Task A_date_window_that_is_empty_is_a_422_naming_its_end(string list, string field)
    {
        var account = await api.RegisterAsync();
        var problem = await (await account.Client.GetAsync($"{list}?{field}_after=2031-01-02T00:00:00Z&{field}_before=2031-01-01T00:00:00Z")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]![$"{field}_before"]);
        var window = await account.Client.GetAsync($"{list}?{field}_after=2031-01-01T00:00:00Z&{field}_before=2031-01-02T00:00:00Z");
        Assert.Equal(HttpStatusCode.OK, window.StatusCode);
    }

    [Fact]
    public async Task Follow_ups_are_due_in_the_half_open_window()
    {
        var account = await api.RegisterAsync();
        var contact = await account.Client.PostAsJsonAsync("/api/v1/contacts", new { first_name = "Ada", last_name = "Lovelace" });
        var id = (await contact.JsonAsync())["id"]!.GetValue<Guid>();
        foreach (var (subject, date) in new[] { ("first", "2031-01-01T00:00:00Z"), ("second", "2031-01-02T00:00:00Z"), ("third", "2031-01-03T00:00:00Z") })
        {
            var created = await account.Client.PostAsJsonAsync($"/api/v1/contacts/{id}/interactions", new { interaction_type = "meeting", subject, interaction_date = date, status = "scheduled" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var response = await account.Client.GetAsync("/api/v1/follow-ups?due_after=2031-01-02T00:00:00Z&due_before=2031-01-03T00:00:00Z");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["second"], (await response.JsonArrayAsync()).Select(i => i!.Text("subject")));
        // due_after alone has no end: everything from then on.
        var later = await account.Client.GetAsync("/api/v1/follow-ups?due_after=2031-01-02T00:00:00Z");
        Assert.Equal(["second", "third"], (await later.JsonArrayAsync()).Select(i => i!.Text("subject")));
    }
}
