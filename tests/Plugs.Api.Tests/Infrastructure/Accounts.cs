using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Plugs.Api.Tests.Infrastructure;

/// <summary>A signed-in user, made through the public API like a real client would.</summary>
public sealed record Account(Guid UserId, Guid OrganizationId, string Email, string Password, string AccessToken, string RefreshToken, HttpClient Client);

public static class Accounts
{
    public const string Password = "correct horse battery staple";

    public static string NewEmail(string who = "user") => $"{who}-{Guid.NewGuid():N}@example.test";

    /// <summary>Registers a new organization whose first user (an admin) is returned signed in.</summary>
    public static async Task<Account> RegisterAsync(this PlugsApiFactory api, string? email = null, string organization = "Acme")
    {
        email ??= NewEmail("admin");
        using var anonymous = api.CreateAnonymousClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new
        {
            organization_name = organization,
            email,
            password = Password,
            first_name = "Ada",
            last_name = "Admin",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ToAccountAsync(api, response, email, Password);
    }

    /// <summary>Invites a member into the admin's organization and accepts the mailed invitation.</summary>
    public static async Task<Account> AddMemberAsync(this PlugsApiFactory api, Account admin, bool isAdmin = false, string? email = null)
    {
        email ??= NewEmail("member");
        var invite = await admin.Client.PostAsJsonAsync("/api/v1/auth/invitations", new { email, is_admin = isAdmin });
        Assert.Equal(HttpStatusCode.Created, invite.StatusCode);
        var token = await Mailbox.TokenSentToAsync(api, email, "accept-invitation");
        using var anonymous = api.CreateAnonymousClient();
        var accepted = await anonymous.PostAsJsonAsync("/api/v1/auth/invitations/accept", new
        {
            token,
            password = Password,
            first_name = "Mo",
            last_name = "Member",
        });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        return await ToAccountAsync(api, accepted, email, Password);
    }

    public static async Task<Account> ToAccountAsync(PlugsApiFactory api, HttpResponseMessage response, string email, string password)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonObject>() ?? throw new InvalidOperationException("empty body");
        var access = body["access_token"]!.GetValue<string>();
        return new Account(
            body["user"]!["id"]!.GetValue<Guid>(), body["organization"]!["id"]!.GetValue<Guid>(), email, password,
            access, body["refresh_token"]!.GetValue<string>(), api.CreateClient(access));
    }

    public static async Task<JsonObject> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonObject>() ?? throw new InvalidOperationException("empty body");

    public static async Task<JsonArray> JsonArrayAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonArray>() ?? throw new InvalidOperationException("empty body");

    /// <summary>Asserts an RFC 9457 problem with the given status and returns it.</summary>
    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        return problem;
    }

    public static HttpContent Json(string raw) => new StringContent(raw, System.Text.Encoding.UTF8, "application/json");

    public static JsonSerializerOptions Web { get; } = new(JsonSerializerDefaults.Web);
}
