using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CsvHelper;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Contacts;

/// <summary>
/// Every list filter, alone and combined, on every road a filter takes: the list (its own SQL on
/// PostgreSQL, EF on SQLite), the list with a search (ids on PostgreSQL, LIKE on SQLite), the CSV
/// export (the same predicate through EF), and every sort order, listed and exported alike.
/// </summary>
public abstract class ContactFilterTests(PlugsApiFactory api)
{
    private sealed record Org(Account Admin, Account Member);

    /// <summary>Four contacts that differ in every filtered field; Delta is the member's. Returns the organization.</summary>
    private async Task<Org> SeedAsync()
    {
        var admin = await api.RegisterAsync(organization: "Filters");
        var member = await api.AddMemberAsync(admin);
        var alpha = await ContactTests.CreateAsync(admin, new
        {
            first_name = "Ann", last_name = "Alpha", contact_type = "plug", status = "hot_lead", priority = "high",
            industry = "Fintech", business_type = "B2B", network_type = "alumni", lead_score = 80, tags = new[] { "vip" }, company = "Orbit Labs",
        });
        var bravo = await ContactTests.CreateAsync(admin, new
        {
            first_name = "Ben", last_name = "Bravo", contact_type = "target", status = "cold_lead", priority = "low",
            industry = "Health", business_type = "B2C", network_type = "event", lead_score = 20, tags = new[] { "vip", "press" }, company = "Orbit Health",
        });
        await ContactTests.CreateAsync(admin, new
        {
            first_name = "Cat", last_name = "Charlie", contact_type = "contact", status = "new_client", priority = "medium",
            industry = "Fintech", business_type = "B2C", network_type = "alumni", lead_score = 50, company = "Quiet Co",
        });
        await ContactTests.CreateAsync(member, new
        {
            first_name = "Dan", last_name = "Delta", contact_type = "plug", status = "existing_client", priority = "high",
            industry = "Retail", business_type = "B2B", network_type = "event", lead_score = 95, company = "Orbit Retail",
        });
        await InteractAsync(admin, alpha, "2026-09-01T10:00:00Z");
        await InteractAsync(admin, bravo, "2026-10-15T10:00:00Z");
        // Another organization with a look-alike: never listed.
        var other = await api.RegisterAsync(organization: "Elsewhere");
        await ContactTests.CreateAsync(other, new { first_name = "Eve", last_name = "Alpha", contact_type = "plug", status = "hot_lead", industry = "Fintech", tags = new[] { "vip" }, company = "Orbit Labs" });
        return new Org(admin, member);
    }

    private static async Task InteractAsync(Account account, System.Text.Json.Nodes.JsonObject contact, string date) =>
        Assert.Equal(HttpStatusCode.Created, (await account.Client.PostAsJsonAsync(
            $"/api/v1/contacts/{contact["id"]}/interactions", new { interaction_type = "call", interaction_date = date })).StatusCode);

    private static (string Query, string[] Expected)[] Filters(Guid member) =>
    [
        ("", ["Alpha", "Bravo", "Charlie", "Delta"]),
        ("contact_type=plug", ["Alpha", "Delta"]),
        ("status=cold_lead", ["Bravo"]),
        ("priority=high", ["Alpha", "Delta"]),
        ("industry=Fintech", ["Alpha", "Charlie"]),
        ("business_type=B2C", ["Bravo", "Charlie"]),
        ("network_type=event", ["Bravo", "Delta"]),
        ("tag=vip", ["Alpha", "Bravo"]),
        ("tag=press", ["Bravo"]),
        ("tag=nobody", []),
        ($"created_by={member}", ["Delta"]),
        ("min_lead_score=50", ["Alpha", "Charlie", "Delta"]),
        ("max_lead_score=50", ["Bravo", "Charlie"]),
        ("min_lead_score=20&max_lead_score=80", ["Alpha", "Bravo", "Charlie"]),
        ("last_interaction_after=2026-10-01T00:00:00Z", ["Bravo"]),
        ("last_interaction_before=2026-10-01T00:00:00Z", ["Alpha"]),
        ("last_interaction_after=2026-08-01T00:00:00%2B02:00&last_interaction_before=2026-12-01T00:00:00Z", ["Alpha", "Bravo"]),
        ("contact_type=plug&priority=high&business_type=B2B&network_type=alumni", ["Alpha"]),
        ("industry=Fintech&tag=vip&min_lead_score=60", ["Alpha"]),
        ("industry=Fintech&status=hot_lead&network_type=event", []),
    ];

    /// <summary>The listed last names (sorted by last name unless the query sorts); with <paramref name="total"/>, asserts X-Total-Count.</summary>
    private static async Task<string[]> ListAsync(Account account, string query, int? total = null)
    {
        var sort = query.Contains("sort=", StringComparison.Ordinal) ? "" : "sort=last_name&";
        var response = await account.Client.GetAsync($"/api/v1/contacts/?{sort}{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (total is not null)
        {
            var counted = response.Headers.GetValues("X-Total-Count").Single();
            Assert.True(total.Value.ToString(CultureInfo.InvariantCulture) == counted, $"?{query}: X-Total-Count {counted}, expected {total}");
        }
        return [.. (await response.JsonArrayAsync()).Select(c => c!["last_name"]!.GetValue<string>())];
    }

    private static async Task<string[]> ExportAsync(Account account, string query)
    {
        var sort = query.Contains("sort=", StringComparison.Ordinal) ? "" : "sort=last_name&";
        var response = await account.Client.GetAsync($"/api/v1/contacts/export?format=csv&{sort}{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var csv = new CsvReader(new StringReader(await response.Content.ReadAsStringAsync()), CultureInfo.InvariantCulture);
        return [.. csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().Select(r => (string)r["last_name"])];
    }

    [Fact]
    public async Task Each_filter_and_combination_lists_and_exports_exactly_its_contacts()
    {
        var org = await SeedAsync();
        foreach (var (query, expected) in Filters(org.Member.UserId))
        {
            Assert.True(Enumerable.SequenceEqual(expected, await ListAsync(org.Admin, query, expected.Length)), $"list ?{query}");
            Assert.True(Enumerable.SequenceEqual(expected, await ExportAsync(org.Admin, query)), $"export ?{query}");
            // "Orbit" matches every contact but Charlie: the search narrows the same filters.
            var searched = expected.Where(n => n != "Charlie").ToArray();
            Assert.True(Enumerable.SequenceEqual(searched, await ListAsync(org.Admin, $"q=orbit&{query}", searched.Length)), $"list ?q=orbit&{query}");
        }
    }

    [Fact]
    public async Task Every_sort_order_lists_as_it_exports()
    {
        var org = await SeedAsync();
        string[] fields = ["created_at", "updated_at", "first_name", "last_name", "company", "lead_score", "last_interaction"];
        var orders = fields.SelectMany(f => new[] { f, "-" + f })
            .SelectMany(first => new[] { first, $"{first},last_name", $"{first},-company" })
            .ToList();
        foreach (var sort in orders)
        {
            var query = $"sort={Uri.EscapeDataString(sort)}";
            var exported = await ExportAsync(org.Admin, query);
            Assert.Equal(4, exported.Length);
            var listed = await ListAsync(org.Admin, query, total: 4);
            Assert.True(Enumerable.SequenceEqual(exported, listed), $"?{query}");
            var page = await ListAsync(org.Admin, $"{query}&skip=1&limit=2", total: 4);
            Assert.True(Enumerable.SequenceEqual(exported[1..3], page), $"?{query}&skip=1&limit=2");
        }
        Assert.Equal(new[] { "Delta", "Alpha" }, await ListAsync(org.Admin, "sort=-lead_score&limit=2", total: 4));
        Assert.Equal(new[] { "Bravo", "Charlie" }, await ListAsync(org.Admin, "sort=first_name,last_name&skip=1&limit=2"));
        Assert.Equal(new[] { "Bravo", "Alpha", "Delta", "Charlie" }, await ListAsync(org.Admin, "sort=company,-last_name"));
        Assert.Equal(new[] { "Charlie", "Delta", "Alpha", "Bravo" }, await ListAsync(org.Admin, "sort=-company,lead_score"));
    }

    [Theory]
    [InlineData("contact_type=partner", "contact_type")]
    [InlineData("status=warm", "status")]
    [InlineData("priority=urgent", "priority")]
    [InlineData("min_lead_score=101", "min_lead_score")]
    [InlineData("min_lead_score=60&max_lead_score=40", "min_lead_score")]
    [InlineData("created_by=not-a-guid", "created_by")]
    [InlineData("last_interaction_after=yesterday", "last_interaction_after")]
    [InlineData("sort=salary", "sort")]
    [InlineData("sort=a,b,c,d,e,f", "sort")]
    public async Task Bad_filters_are_422_naming_the_field_on_list_and_export(string query, string field)
    {
        var account = await api.RegisterAsync();
        foreach (var path in new[] { "/api/v1/contacts/?", "/api/v1/contacts/export?format=csv&" })
        {
            var problem = await (await account.Client.GetAsync(path + query)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.True(problem["errors"]![field] is not null, $"{path}{query}: {problem}");
        }
    }
}

public sealed class ContactFilterTestsOnSqlite(SqliteApiFactory api) : ContactFilterTests(api), IClassFixture<SqliteApiFactory>;

public sealed class ContactFilterTestsOnPostgres(PostgresApiFactory api) : ContactFilterTests(api), IClassFixture<PostgresApiFactory>;
