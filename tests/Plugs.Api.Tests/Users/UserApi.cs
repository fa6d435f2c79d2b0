using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Users;

/// <summary>Request helpers shared by the user, organization and tenancy tests.</summary>
public static class UserApi
{
    public const string UsersUrl = "/api/v1/users";
    public const string OrganizationUrl = "/api/v1/organization";
    public const string InvitationsUrl = "/api/v1/auth/invitations";

    public static string UserUrl(Guid id) => $"{UsersUrl}/{id}";

    /// <summary>GETs a resource that must answer 200 and returns its body.</summary>
    public static async Task<JsonObject> GetOkAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: expected 200 but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>GETs a list that must answer 200 and returns its body.</summary>
    public static async Task<JsonArray> ListOkAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: expected 200 but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsArray();
    }

    public static async Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string url, string json, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = Accounts.Json(json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> DeleteAsync(this HttpClient client, string url, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, url);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> RestoreAsync(this HttpClient client, Guid id) =>
        client.PostAsync($"{UserUrl(id)}/restore", null);

    /// <summary>Signs in from a fresh client (own IP, so throttling of other tests does not interfere).</summary>
    public static async Task<HttpResponseMessage> LoginAsync(this PlugsApiFactory api, string email, string password = Accounts.Password)
    {
        using var anonymous = api.CreateAnonymousClient();
        return await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
    }

    /// <summary>Invites <paramref name="email"/> and returns the created invitation.</summary>
    public static async Task<JsonObject> InviteAsync(this Account admin, string email, bool isAdmin = false)
    {
        var response = await admin.Client.PostAsJsonAsync(InvitationsUrl, new { email, is_admin = isAdmin });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"invite: expected 201 but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Redeems an invitation token as a new person would.</summary>
    public static async Task<HttpResponseMessage> AcceptAsync(this PlugsApiFactory api, string token)
    {
        using var anonymous = api.CreateAnonymousClient();
        return await anonymous.PostAsJsonAsync($"{InvitationsUrl}/accept", new
        {
            token,
            password = Accounts.Password,
            first_name = "Ivy",
            last_name = "Invitee",
        });
    }

    public static string ETagOf(HttpResponseMessage response)
    {
        Assert.True(response.Headers.ETag is not null, $"{response.RequestMessage?.RequestUri} has no ETag header");
        return response.Headers.ETag!.ToString();
    }

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    public static int TotalCount(this HttpResponseMessage response) =>
        int.Parse(response.Header("X-Total-Count") ?? throw new InvalidOperationException("no X-Total-Count header"), System.Globalization.CultureInfo.InvariantCulture);

    public static List<Guid> Ids(this JsonArray items) => items.Select(i => i!["id"]!.GetValue<Guid>()).ToList();

    public static string Text(this JsonNode node, string name) => node[name]!.GetValue<string>();

    public static bool Flag(this JsonNode node, string name) => node[name]!.GetValue<bool>();

    public static void AssertUnchanged(JsonNode before, JsonNode after) =>
        Assert.True(JsonNode.DeepEquals(before, after), $"Expected no change.\nbefore: {before.ToJsonString()}\nafter:  {after.ToJsonString()}");

    /// <summary>Asserts a 422 whose <c>errors</c> object names <paramref name="field"/>.</summary>
    public static async Task AssertInvalidAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem["errors"]?[field] is not null, $"errors lacks '{field}': {problem.ToJsonString()}");
    }

    /// <summary>Asserts a problem with the given status and machine-readable code.</summary>
    public static async Task AssertCodeAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await response.ProblemAsync(status);
        Assert.Equal(code, problem["code"]?.GetValue<string>());
    }
}
