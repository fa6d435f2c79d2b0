using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Plugs.Api.Features.Contacts;
using Plugs.Api.Features.Interactions;
using Plugs.Api.Features.Network;
using Plugs.Api.Platform.Json;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Data.Contacts;
using Plugs.Data.Network;

namespace Plugs.Api.Tests.Contacts;

/// <summary>
/// A listed contact is the contact itself, field by field, on both providers: the list projects its
/// rows in one query, the single contact is read on its own.
/// </summary>
public abstract class ContactListingTests(PlugsApiFactory api)
{
    [Fact]
    public async Task A_listed_contact_reads_as_the_contact_itself()
    {
        var account = await api.RegisterAsync(organization: "Listing");
        var created = await ContactTests.CreateAsync(account, new
        {
            first_name = "Zoë", last_name = "Quote\"s", email = "zoe@example.com", phone = "+1 555 0100", company = "Ünïcode & Co",
            job_title = "CTO", linkedin_url = "https://www.linkedin.com/in/zoe", bio = "Line\nbreak", avatar_url = "https://example.com/z.png",
            contact_type = "plug", status = "existing_client", priority = "high", business_type = "B2B", network_type = "alumni",
            industry = "Fintech", notes = "<script>", metadata = new { source = "linkedin", n = new[] { 1, 2 } }, lead_score = 61,
            tags = new[] { "vip", "press" },
        });
        // A member edits it, so that its creator and editor (and its two timestamps) differ.
        var member = await api.AddMemberAsync(account);
        Assert.Equal(HttpStatusCode.OK, (await member.Client.PatchAsJsonAsync($"/api/v1/contacts/{created["id"]}", new { job_title = "CEO" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await account.Client.PostAsJsonAsync($"/api/v1/contacts/{created["id"]}/interactions",
            new { interaction_type = "call", interaction_date = "2026-09-01T10:00:00Z" })).StatusCode);
        var listed = Assert.IsType<JsonObject>(Assert.Single(await (await account.Client.GetAsync("/api/v1/contacts/")).JsonArrayAsync()));
        var single = await (await account.Client.GetAsync($"/api/v1/contacts/{created["id"]}")).JsonAsync();
        Assert.Equal("2026-09-01T10:00:00.000Z", listed["last_interaction"]?.GetValue<string>());
        Assert.Equal(single.Select(p => p.Key).Except(["interactions", "relationships"]).Order(), listed.Select(p => p.Key).Order());
        foreach (var (name, value) in listed)
        {
            Assert.True(JsonNode.DeepEquals(single[name], value), $"{name}: listed {value?.ToJsonString()}, single {single[name]?.ToJsonString()}");
        }
    }
}

public sealed class ContactListingTestsOnSqlite(SqliteApiFactory api) : ContactListingTests(api), IClassFixture<SqliteApiFactory>;

public sealed class ContactListingTestsOnPostgres(PostgresApiFactory api) : ContactListingTests(api), IClassFixture<PostgresApiFactory>;
