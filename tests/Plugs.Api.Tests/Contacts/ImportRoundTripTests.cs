using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Contacts.ImportExportTests;

namespace Plugs.Api.Tests.Contacts;

/// <summary>
/// Our own exports import back as they are: CSV (no mapping; every column; cells a spreadsheet
/// would run as formulas are neutralised in the file and restored by the import) and vCard.
/// </summary>
public abstract class ImportRoundTripTests(PlugsApiFactory api)
{
    private static readonly string[] Compared = ["first_name", "last_name", "email", "phone", "company", "job_title", "linkedin_url", "contact_type",
        "status", "priority", "industry", "lead_score", "tags", "notes"];

    private static readonly object[] Tricky =
    [
        new
        {
            first_name = "=Eve", last_name = "Formula", email = "eve@formula.example", phone = "+1 555 0100", company = "@evil", job_title = "-1+1",
            linkedin_url = "https://www.linkedin.com/in/eve", contact_type = "plug", status = "hot_lead", priority = "high", industry = "'quoted",
            lead_score = 42, tags = new[] { "=sum;1", "back\\slash", "vip" }, notes = "=HYPERLINK(\"http://evil.example\",\"click\")\nsecond line",
        },
        new { first_name = "Tab", last_name = "Start", notes = "\tindented", company = "''double", tags = Array.Empty<string>() },
        new { first_name = "Plain", last_name = "Person", company = "Comma, Inc", contact_type = "contact", status = "existing_client", priority = "low" },
    ];

    private static JsonObject Fields(JsonNode contact) =>
        new(Compared.Select(f => KeyValuePair.Create(f, contact[f]?.DeepClone())));

    private static async Task<List<JsonObject>> ComparableAsync(Account account) =>
        [.. (await (await account.Client.GetAsync("/api/v1/contacts/?sort=last_name")).JsonArrayAsync()).Select(c => Fields(c!))];

    [Fact]
    public async Task Our_csv_export_neutralises_formulas_and_imports_back_losslessly_without_a_mapping()
    {
        var source = await api.RegisterAsync();
        foreach (var body in Tricky)
        {
            await ContactTests.CreateAsync(source, body);
        }
        var export = await source.Client.GetAsync("/api/v1/contacts/export?format=csv");
        var bytes = await export.Content.ReadAsByteArrayAsync();
        using (var csv = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes)), CultureInfo.InvariantCulture))
        {
            var cells = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
            var eve = cells.Single(c => (string)c["last_name"] == "Formula");
            Assert.Equal(("'=Eve", "'+1 555 0100", "'@evil", "'-1+1", "''quoted"), ((string)eve["first_name"], (string)eve["phone"], (string)eve["company"],
                (string)eve["job_title"], (string)eve["industry"]));
            Assert.StartsWith("'=HYPERLINK", (string)eve["notes"], StringComparison.Ordinal);
            Assert.Equal("'=sum\\;1;back\\\\slash;vip", (string)eve["tags"]);
            Assert.Equal("'\tindented", (string)cells.Single(c => (string)c["last_name"] == "Start")["notes"]);
        }

        var target = await api.RegisterAsync();
        var report = await ReportAsync(await ImportAsync(target, bytes, "csv", fileName: "contacts.csv"));
        Assert.Equal(3, report["created"]!.GetValue<int>());
        var expected = await ComparableAsync(source);
        var imported = await ComparableAsync(target);
        Assert.True(expected.Zip(imported).All(p => JsonNode.DeepEquals(p.First, p.Second)),
            $"expected {new JsonArray([.. expected]).ToJsonString()}\nimported {new JsonArray([.. imported]).ToJsonString()}");

        // Back into the organization it came from, and again into the other: each row finds its contact (by id, then by the UID it was created with).
        var home = await ReportAsync(await ImportAsync(source, bytes, "csv"));
        var twice = await ReportAsync(await ImportAsync(target, bytes, "csv"));
        Assert.All(new[] { home, twice }, r => Assert.Equal((0, 3), (r["created"]!.GetValue<int>(), r["unchanged"]!.GetValue<int>())));
        Assert.Equal(3, await CountAsync(target));
    }

    [Fact]
    public async Task A_csv_whose_header_is_not_ours_still_needs_a_mapping_and_keeps_its_quotes()
    {
        var account = await api.RegisterAsync();
        var foreign = Encoding.UTF8.GetBytes("first_name,last_name,company\nAda,Lovelace,'=kept\n");
        var problem = await (await ImportAsync(account, foreign, "csv")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("own CSV export", problem["errors"]!["mapping"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        await ReportAsync(await ImportAsync(account, foreign, "csv", mapping: """{"first_name":"first_name","last_name":"last_name","company":"company"}"""));
        var ada = (await (await account.Client.GetAsync("/api/v1/contacts/")).JsonArrayAsync()).Single()!;
        Assert.Equal("'=kept", ada["company"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("vcard")]
    [InlineData("vcf")]
    public async Task Our_vcard_export_imports_back_with_its_tags_and_again_changes_nothing(string format)
    {
        var source = await api.RegisterAsync();
        foreach (var body in Tricky)
        {
            await ContactTests.CreateAsync(source, body);
        }
        var export = await source.Client.GetAsync($"/api/v1/contacts/export?format={format}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/vcard", export.Content.Headers.ContentType!.MediaType);
        Assert.EndsWith(".vcf\"", export.Content.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        var bytes = await export.Content.ReadAsByteArrayAsync();

        var target = await api.RegisterAsync();
        var report = await ReportAsync(await ImportAsync(target, bytes, format, fileName: "contacts.vcf"));
        Assert.Equal(("vcard", 3), (report["format"]!.GetValue<string>(), report["created"]!.GetValue<int>()));
        string[] carried = ["first_name", "last_name", "email", "phone", "company", "job_title", "linkedin_url", "tags", "notes"];
        var expected = (await ComparableAsync(source)).Select(c => new JsonObject(carried.Select(f => KeyValuePair.Create(f, c[f]?.DeepClone())))).ToList();
        var imported = (await ComparableAsync(target)).Select(c => new JsonObject(carried.Select(f => KeyValuePair.Create(f, c[f]?.DeepClone())))).ToList();
        Assert.True(expected.Zip(imported).All(p => JsonNode.DeepEquals(p.First, p.Second)),
            $"expected {new JsonArray([.. expected]).ToJsonString()}\nimported {new JsonArray([.. imported]).ToJsonString()}");

        var again = await ReportAsync(await ImportAsync(target, bytes, "vcard"));
        Assert.Equal((0, 3), (again["created"]!.GetValue<int>(), again["unchanged"]!.GetValue<int>()));
    }
}

public sealed class ImportRoundTripTestsOnSqlite(SqliteApiFactory api) : ImportRoundTripTests(api), IClassFixture<SqliteApiFactory>;

public sealed class ImportRoundTripTestsOnPostgres(PostgresApiFactory api) : ImportRoundTripTests(api), IClassFixture<PostgresApiFactory>;
