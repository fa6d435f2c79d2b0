using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Client;
using Plugs.Client.Models;

namespace Plugs.Api.Tests.Contract;

/// <summary>
/// A client generated with Kiota from the OpenAPI document the API serves (at build time:
/// build/PlugsApiClient.targets), compiled and used as a client would: register, create, get,
/// list, patch with If-Match, delete, and the 404, 412 and 422 read as typed problems. A document
/// that describes a request or answer wrongly fails here (or fails the build).
/// </summary>
public abstract class GeneratedClientTests(PlugsApiFactory api)
{
    [Fact]
    public async Task The_build_time_document_is_the_served_document()
    {
        using var client = api.CreateAnonymousClient();
        var served = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        served.Remove("servers"); // the host the test server answers on
        var built = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "openapi.json")));
        Assert.True(JsonNode.DeepEquals(served, built), "the client was generated from another document than the API serves");
    }

    [Fact]
    public async Task A_generated_client_registers_and_manages_a_contact_and_reads_problems_as_types()
    {
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var anonymous = Client(null);
        var tokens = await anonymous.Api.V1.Auth.Register.PostAsync(new RegisterRequest
        {
            OrganizationName = "Generated", Email = Accounts.NewEmail("kiota"), Password = Accounts.Password, FirstName = "Kiota", LastName = "Client",
        });
        Assert.NotNull(tokens?.AccessToken);
        var client = Client(tokens.AccessToken);

        var created = await client.Api.V1.Contacts.PostAsync(new CreateContactRequest { FirstName = "Ada", LastName = "Lovelace", ContactType = ContactType.Plug, Tags = ["vip"] });
        Assert.NotNull(created?.Id);
        Assert.Equal("Ada Lovelace", created.FullName);
        var id = created.Id.Value;

        var read = await client.Api.V1.Contacts[id].GetAsync(c => c.Options.Add(headers));
        Assert.Equal(ContactType.Plug, read?.ContactType);
        Assert.Equal(["vip"], read?.Tags);
        var etag = headers.ResponseHeaders["ETag"].Single();

        var listed = await client.Api.V1.Contacts.GetAsync(c => c.QueryParameters.Limit = 10);
        Assert.Equal([id], listed?.Select(c => c.Id!.Value));

        var patched = await client.Api.V1.Contacts[id].PatchAsync(new UpdateContactRequest { JobTitle = "Countess" }, c => c.Headers.Add("If-Match", etag));
        Assert.Equal("Countess", patched?.JobTitle);

        // The same ETag again: the contact has changed since, so 412, as a typed problem.
        var stale = await Assert.ThrowsAsync<Problem>(() => client.Api.V1.Contacts[id].PatchAsync(new UpdateContactRequest { JobTitle = "Late" }, c => c.Headers.Add("If-Match", etag)));
        Assert.Equal(412, stale.ResponseStatusCode);
        Assert.Equal("precondition_failed", stale.Code);

        var invalid = await Assert.ThrowsAsync<ValidationProblem>(() => client.Api.V1.Contacts.PostAsync(new CreateContactRequest { FirstName = "", LastName = "Nobody", LeadScore = 101 }));
        Assert.Equal(422, invalid.ResponseStatusCode);
        Assert.Equal("validation_failed", invalid.Code);
        Assert.Contains("first_name", invalid.Errors!.AdditionalData.Keys);
        Assert.Contains("lead_score", invalid.Errors!.AdditionalData.Keys);

        await client.Api.V1.Contacts[id].DeleteAsync();
        var gone = await Assert.ThrowsAsync<Problem>(() => client.Api.V1.Contacts[id].GetAsync());
        Assert.Equal(404, gone.ResponseStatusCode);
        Assert.Equal("not_found", gone.Code);

        var unauthorized = await Assert.ThrowsAsync<Problem>(() => anonymous.Api.V1.Contacts.GetAsync());
        Assert.Equal(401, unauthorized.ResponseStatusCode);
        Assert.Equal("unauthorized", unauthorized.Code);
    }

    private PlugsApiClient Client(string? accessToken)
    {
        var http = api.CreateDefaultClient(new HeadersInspectionHandler());
        http.DefaultRequestHeaders.Add("X-Forwarded-For", PlugsApiFactory.ClientAddress());
        if (accessToken is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        return new PlugsApiClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = http.BaseAddress!.ToString().TrimEnd('/') });
    }
}

public sealed class GeneratedClientTestsOnSqlite(SqliteApiFactory api) : GeneratedClientTests(api), IClassFixture<SqliteApiFactory>;

public sealed class GeneratedClientTestsOnPostgres(PostgresApiFactory api) : GeneratedClientTests(api), IClassFixture<PostgresApiFactory>;
