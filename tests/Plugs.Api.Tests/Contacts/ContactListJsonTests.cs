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
/// The contact list writes its pages with a writer of its own (<see cref="ContactListJson"/>):
/// its output must be the ordinary serializer's, byte for byte, whatever the contact holds.
/// </summary>
public sealed class ContactListJsonTests(SqliteApiFactory api) : IClassFixture<SqliteApiFactory>
{
    private static readonly DateTime At = new(2026, 3, 4, 5, 6, 7, 890, DateTimeKind.Utc);

    private static ContactResponse Full() => new(
        Guid.NewGuid(), "Zoë \"Z\"", "O'Brien <b>", "Zoë \"Z\" O'Brien <b>", "zoe+1@example.com", "+1 555 0100", "Ünïcode & Co",
        "Head of\nThings", "https://www.linkedin.com/in/zoe", "Bio with \\ backslash and \u001f control", "https://example.com/a.png",
        ContactType.Plug, ContactStatus.ExistingClient, ContactPriority.High, "B2B", "alumni", "Fintech", "Notes\twith tab",
        JsonColumn.Read("""{"source":"linkedin","nested":{"n":[1,2.5,true,null]},"emoji":"🎉"}"""), 87, At, ["press", "vip"],
        Guid.NewGuid(), Guid.NewGuid(), At.AddDays(-3), At.AddTicks(1))
    {
        Interactions = [new InteractionResponse(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), InteractionType.Meeting, "Lunch", null, "Good",
            At, InteractionStatus.Completed, JsonColumn.Read("{}"), At, At)],
        Relationships = [new RelationshipResponse(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), RelationshipType.WorksWith, 7, null, null, null, At, At)
            { Direction = RelationshipDirection.Incoming }],
    };

    private static ContactResponse Sparse() => new(
        Guid.NewGuid(), "A", "B", "A B", null, null, null, null, null, null, null, ContactType.Target, ContactStatus.ColdLead,
        ContactPriority.Low, null, null, null, null, JsonColumn.Read("{}"), 0, null, [], null, null, At, At);

    [Fact]
    public void A_page_is_written_exactly_as_the_serializer_writes_it()
    {
        var writer = api.Services.GetRequiredService<ContactListJson>().Options;
        var ordinary = api.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var page = new List<ContactResponse> { Full(), Sparse(), Full() with { Interactions = null, Relationships = null } };
        var expected = JsonSerializer.Serialize(page, ordinary);
        Assert.Equal(expected, JsonSerializer.Serialize(page, writer));
        Assert.Contains("\"contact_type\":\"plug\"", expected, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"existing_client\"", expected, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_json_column_fails_the_write_instead_of_corrupting_it()
    {
        var writer = api.Services.GetRequiredService<ContactListJson>().Options;
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Serialize(new List<ContactResponse> { Sparse() with { Metadata = JsonColumn.Read("{\"a\":") } }, writer));
    }
}

/// <summary>
/// A listed contact is the contact itself, field by field, on both providers: the list projects its
/// rows in one query and writes them with <see cref="ContactListJson"/>, the single contact is read
/// and serialized on its own.
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
        Assert.Equal("2026-09-01T10:00:00Z", listed["last_interaction"]?.GetValue<string>());
        Assert.Equal(single.Select(p => p.Key).Except(["interactions", "relationships"]).Order(), listed.Select(p => p.Key).Order());
        foreach (var (name, value) in listed)
        {
            Assert.True(JsonNode.DeepEquals(single[name], value), $"{name}: listed {value?.ToJsonString()}, single {single[name]?.ToJsonString()}");
        }
    }
}

public sealed class ContactListingTestsOnSqlite(SqliteApiFactory api) : ContactListingTests(api), IClassFixture<SqliteApiFactory>;

public sealed class ContactListingTestsOnPostgres(PostgresApiFactory api) : ContactListingTests(api), IClassFixture<PostgresApiFactory>;
