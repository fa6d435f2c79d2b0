using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Contacts;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Network;

/// <summary>Builds a network through the public API, as a client would.</summary>
internal static class NetworkApi
{
    public static async Task<Guid> ContactAsync(Account account, string name, string type = "target") =>
        (await ContactTests.CreateAsync(account, new { first_name = name, last_name = "Test", contact_type = type }))["id"]!.GetValue<Guid>();

    public static async Task<JsonObject> RelateAsync(Account account, Guid from, Guid to, int strength = 3, string type = "knows")
    {
        var response = await account.Client.PostAsJsonAsync($"/api/v1/contacts/{from}/relationships",
            new { to_contact_id = to, relationship_type = type, strength });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    public static async Task<Guid> RelationshipAsync(Account account, Guid from, Guid to, int strength = 3, string type = "knows") =>
        (await RelateAsync(account, from, to, strength, type))["id"]!.GetValue<Guid>();

    public static async Task<JsonObject> IntroductionAsync(Account account, Guid plug, Guid target, string? message = null)
    {
        var response = await account.Client.PostAsJsonAsync("/api/v1/introductions", new { plug_contact_id = plug, target_contact_id = target, message });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    public static async Task<string> TotalAsync(Account account, string url)
    {
        var response = await account.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("X-Total-Count").Single();
    }

    public static HttpRequestMessage WithIfMatch(HttpMethod method, string url, string etag, object? body = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        return request;
    }
}
