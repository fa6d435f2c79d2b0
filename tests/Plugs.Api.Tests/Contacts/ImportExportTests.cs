using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Contacts;

public abstract class ImportExportTests(PlugsApiFactory api)
{
    private const string LinkedIn = """
        Notes:
        "When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261"

        First Name,Last Name,URL,Email Address,Company,Position,Connected On
        Ada,Lovelace,https://www.linkedin.com/in/ada,ada@engine.example,Analytical Engines,Programmer,01 Jan 2024
        Charles,Babbage,https://www.linkedin.com/in/charles,,Difference Ltd,"Inventor, Founder",02 Feb 2024
        ,NoFirstName,https://www.linkedin.com/in/nobody,,,,03 Mar 2024
        Grace,Hopper,https://www.linkedin.com/in/grace,not-an-email,Navy,Admiral,04 Apr 2024
        Ada,Again,https://www.linkedin.com/in/ada2,ADA@engine.example,Analytical Engines,Programmer,05 May 2024
        """;

    internal static async Task<HttpResponseMessage> ImportAsync(Account account, byte[] file, string format, bool dryRun = false, string? mapping = null,
        string fileName = "Connections.csv", IEnumerable<(string Name, string Value)>? fields = null, HttpClient? client = null)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", fileName);
        form.Add(new StringContent(format), "format");
        form.Add(new StringContent(dryRun ? "true" : "false"), "dry_run");
        if (mapping is not null)
        {
            form.Add(new StringContent(mapping), "mapping");
        }
        foreach (var (name, value) in fields ?? [])
        {
            form.Add(new StringContent(value), name);
        }
        return await (client ?? account.Client).PostAsync("/api/v1/contacts/import", form);
    }

    /// <summary>An import's answer: 201 with the import (a dry run: 200 with its preview).</summary>
    internal static async Task<JsonObject> ReportAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        var report = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(response.StatusCode == HttpStatusCode.OK, report["dry_run"]?.GetValue<bool>() == true);
        return report;
    }

    internal static async Task<int> CountAsync(Account account) =>
        int.Parse((await account.Client.GetAsync("/api/v1/contacts/?limit=1")).Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task LinkedIn_export_imports_with_a_per_row_report_and_dry_run_writes_nothing()
    {
        var account = await api.RegisterAsync();
        var bytes = Encoding.UTF8.GetBytes(LinkedIn);

        var dry = await ReportAsync(await ImportAsync(account, bytes, "linkedin", dryRun: true));
        Assert.True(dry["dry_run"]!.GetValue<bool>());
        Assert.Equal(2, dry["created"]!.GetValue<int>());
        Assert.Equal(0, await CountAsync(account));

        var report = await ReportAsync(await ImportAsync(account, bytes, "linkedin"));
        Assert.Equal(5, report["total_rows"]!.GetValue<int>());
        Assert.Equal(2, report["created"]!.GetValue<int>());
        Assert.Equal(3, report["skipped"]!.GetValue<int>());
        var rows = report["rows"]!.AsArray();
        Assert.Equal([5, 6, 7, 8, 9], rows.Select(r => r!["line"]!.GetValue<int>()));
        Assert.Contains("first_name", rows[2]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("email", rows[3]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("duplicate of line 5", rows[4]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, await CountAsync(account));

        var babbage = (await (await account.Client.GetAsync("/api/v1/contacts/?q=babbage")).JsonArrayAsync()).Single()!;
        Assert.Equal("Inventor, Founder", babbage["job_title"]!.GetValue<string>());
        Assert.Equal("https://www.linkedin.com/in/charles", babbage["linkedin_url"]!.GetValue<string>());

        // Re-importing creates nothing new: Ada and Charles (who shows no e-mail) match by their LinkedIn profiles, and nothing changed.
        var again = await ReportAsync(await ImportAsync(account, bytes, "linkedin"));
        Assert.Equal((0, 0, 2, 3), (again["created"]!.GetValue<int>(), again["updated"]!.GetValue<int>(), again["unchanged"]!.GetValue<int>(),
            again["skipped"]!.GetValue<int>()));
        Assert.Equal(2, await CountAsync(account));
    }

    [Fact]
    public async Task Generic_csv_uses_the_header_mapping()
    {
        var account = await api.RegisterAsync();
        var csv = "Given,Family,Mail,Org\nAlan,Turing,alan@bletchley.example,GC&CS\n";
        var mapping = """{"Given":"first_name","Family":"last_name","Mail":"email","Org":"company"}""";
        var report = await ReportAsync(await ImportAsync(account, Encoding.UTF8.GetBytes(csv), "csv", mapping: mapping));
        Assert.Equal(1, report["created"]!.GetValue<int>());
        var alan = (await (await account.Client.GetAsync("/api/v1/contacts/")).JsonArrayAsync()).Single()!;
        Assert.Equal("GC&CS", alan["company"]!.GetValue<string>());

        await (await ImportAsync(account, Encoding.UTF8.GetBytes(csv), "csv")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await ImportAsync(account, Encoding.UTF8.GetBytes(csv), "csv", mapping: """{"Given":"password"}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var missing = await (await ImportAsync(account, Encoding.UTF8.GetBytes(csv), "csv", mapping: """{"Mail":"email"}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("first_name", missing["errors"]!["file"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VCards_3_and_4_import_with_folded_lines_and_old_versions_are_skipped()
    {
        var account = await api.RegisterAsync();
        var vcf = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Hopper;Grace;;;\r\nFN:Grace Hopper\r\nEMAIL;TYPE=INTERNET:grace@navy.example\r\nORG:US Navy;Research\r\nNOTE:Found the first\r\n  bug\\, literally\r\nEND:VCARD\r\n"
            + "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Katherine Johnson\r\nTEL;VALUE=uri:tel:+1-555-0100\r\nitem1.URL:https://www.linkedin.com/in/kj\r\nEND:VCARD\r\n"
            + "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Old;Format\r\nEND:VCARD\r\n";
        var report = await ReportAsync(await ImportAsync(account, Encoding.UTF8.GetBytes(vcf), "vcard", fileName: "contacts.vcf"));
        Assert.Equal(2, report["created"]!.GetValue<int>());
        Assert.Equal(1, report["skipped"]!.GetValue<int>());
        var contacts = await (await account.Client.GetAsync("/api/v1/contacts/?sort=last_name")).JsonArrayAsync();
        Assert.Equal("Found the first bug, literally", contacts[0]!["notes"]!.GetValue<string>());
        Assert.Equal("US Navy", contacts[0]!["company"]!.GetValue<string>());
        Assert.Equal("Johnson", contacts[1]!["last_name"]!.GetValue<string>());
        Assert.Equal("https://www.linkedin.com/in/kj", contacts[1]!["linkedin_url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Malformed_files_are_refused_with_problems_and_write_nothing()
    {
        var account = await api.RegisterAsync();
        await (await ImportAsync(account, [0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28], "linkedin")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var junk = new byte[200_000];
        new Random(7).NextBytes(junk);
        await (await ImportAsync(account, junk, "linkedin")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await ImportAsync(account, Encoding.UTF8.GetBytes("hello"), "vcard")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await ImportAsync(account, Encoding.UTF8.GetBytes(LinkedIn), "excel")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var huge = new byte[32 * 1024 * 1024 + 1];
        Array.Fill(huge, (byte)'a');
        var tooBig = await ImportAsync(account, huge, "linkedin");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        using var empty = new MultipartFormDataContent { { new StringContent("linkedin"), "format" } };
        await (await account.Client.PostAsync("/api/v1/contacts/import", empty)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await CountAsync(account));
    }

    [Fact]
    public async Task Export_streams_the_filtered_contacts_as_csv_and_vcards_of_this_organization_only()
    {
        var account = await api.RegisterAsync();
        var other = await api.RegisterAsync();
        await ContactTests.CreateAsync(account, new { first_name = "Plug", last_name = "One", contact_type = "plug", company = "Comma, Inc", tags = new[] { "vip" } });
        await ContactTests.CreateAsync(account, new { first_name = "Target", last_name = "Two", contact_type = "target" });
        await ContactTests.CreateAsync(other, new { first_name = "Foreign", last_name = "Plug", contact_type = "plug" });

        var response = await account.Client.GetAsync("/api/v1/contacts/export?format=csv&contact_type=plug");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        using var csv = new CsvReader(new StringReader(await response.Content.ReadAsStringAsync()), CultureInfo.InvariantCulture);
        var records = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        var only = Assert.Single(records);
        Assert.Equal("Comma, Inc", only["company"]);
        Assert.Equal("vip", only["tags"]);

        var vcf = await (await account.Client.GetAsync("/api/v1/contacts/export?format=vcf")).Content.ReadAsStringAsync();
        Assert.Equal(2, vcf.Split("BEGIN:VCARD").Length - 1);
        Assert.Contains("ORG:Comma\\, Inc", vcf, StringComparison.Ordinal);
        Assert.DoesNotContain("Foreign", vcf, StringComparison.Ordinal);

        await (await account.Client.GetAsync("/api/v1/contacts/export?format=xlsx")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Importing_an_email_another_organization_has_creates_a_contact_here_and_leaves_theirs()
    {
        var mine = await api.RegisterAsync();
        var theirs = await api.RegisterAsync();
        var foreign = await ContactTests.CreateAsync(theirs, new { first_name = "Ada", last_name = "Theirs", email = "ada@engine.example" });
        var report = await ReportAsync(await ImportAsync(mine, Encoding.UTF8.GetBytes(LinkedIn), "linkedin"));
        Assert.Equal(0, report["updated"]!.GetValue<int>());
        var still = await (await theirs.Client.GetAsync($"/api/v1/contacts/{foreign["id"]}")).JsonAsync();
        Assert.Equal("Theirs", still["last_name"]!.GetValue<string>());
    }
}

public sealed class ImportExportTestsOnSqlite(SqliteApiFactory api) : ImportExportTests(api), IClassFixture<SqliteApiFactory>;

public sealed class ImportExportTestsOnPostgres(PostgresApiFactory api) : ImportExportTests(api), IClassFixture<PostgresApiFactory>;
