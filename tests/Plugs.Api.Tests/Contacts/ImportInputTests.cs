using System.Globalization;
using System.Net;
using System.Text;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Contacts.ImportExportTests;

namespace Plugs.Api.Tests.Contacts;

/// <summary>
/// Import against every state the API allows (two contacts sharing an e-mail) and against
/// mappings that cannot be read one way only: a report or a 422, never a 500.
/// </summary>
public abstract class ImportInputTests(PlugsApiFactory api)
{
    private const string Mapping = """{"First":"first_name","Last":"last_name","Mail":"email","Org":"company"}""";

    private static (byte[] File, string? Mapping) FileOf(string format, string twinEmail) => format switch
    {
        "linkedin" => (Encoding.UTF8.GetBytes(
            $"First Name,Last Name,URL,Email Address,Company,Position,Connected On\nTwin,Imported,,{twinEmail},NewCo,,\nFresh,Person,,fresh@import.example,,,\n"), null),
        "csv" => (Encoding.UTF8.GetBytes($"First,Last,Mail,Org\nTwin,Imported,{twinEmail},NewCo\nFresh,Person,fresh@import.example,\n"), Mapping),
        _ => (Encoding.UTF8.GetBytes(
            $"BEGIN:VCARD\r\nVERSION:4.0\r\nN:Imported;Twin;;;\r\nEMAIL:{twinEmail}\r\nORG:NewCo\r\nEND:VCARD\r\n"
            + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Person;Fresh;;;\r\nEMAIL:fresh@import.example\r\nEND:VCARD\r\n"), null),
    };

    private static async Task<string> ContactJsonAsync(Account account, Guid id) =>
        await (await account.Client.GetAsync($"/api/v1/contacts/{id}")).Content.ReadAsStringAsync();

    [Theory]
    [InlineData("linkedin", true)]
    [InlineData("linkedin", false)]
    [InlineData("csv", true)]
    [InlineData("csv", false)]
    [InlineData("vcard", true)]
    [InlineData("vcard", false)]
    public async Task A_row_whose_email_two_contacts_hold_is_skipped_with_the_reason_and_touches_neither(string format, bool dryRun)
    {
        var account = await api.RegisterAsync();
        var first = (await ContactTests.CreateAsync(account, new { first_name = "Twin", last_name = "One", email = "twin@import.example" }))["id"]!.GetValue<Guid>();
        var second = (await ContactTests.CreateAsync(account, new { first_name = "Twin", last_name = "Two", email = "TWIN@import.example" }))["id"]!.GetValue<Guid>();
        var before = (await ContactJsonAsync(account, first), await ContactJsonAsync(account, second));
        var (file, mapping) = FileOf(format, "Twin@Import.example");

        var response = await ImportAsync(account, file, format, dryRun, mapping);

        var report = await ReportAsync(response);
        var rows = report["rows"]!.AsArray();
        Assert.Equal("skipped", rows[0]!["action"]!.GetValue<string>());
        Assert.Contains("held by 2 contacts", rows[0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("created", rows[1]!["action"]!.GetValue<string>());
        Assert.Equal((1, 0, 1), (report["created"]!.GetValue<int>(), report["updated"]!.GetValue<int>(), report["skipped"]!.GetValue<int>()));
        Assert.Equal(before, (await ContactJsonAsync(account, first), await ContactJsonAsync(account, second)));
        Assert.Equal(dryRun ? 2 : 3, await CountAsync(account));
    }

    [Fact]
    public async Task Once_the_twins_are_merged_the_row_updates_the_one_left()
    {
        var account = await api.RegisterAsync();
        var first = (await ContactTests.CreateAsync(account, new { first_name = "Twin", last_name = "One", email = "twin@import.example" }))["id"]!.GetValue<Guid>();
        var second = (await ContactTests.CreateAsync(account, new { first_name = "Twin", last_name = "Two", email = "twin@import.example" }))["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.OK, (await account.Client.PostAsync($"/api/v1/contacts/{first}/merge",
            Accounts.Json($$"""{"merge_ids":["{{second}}"]}"""))).StatusCode);
        var (file, mapping) = FileOf("csv", "twin@import.example");

        var report = await ReportAsync(await ImportAsync(account, file, "csv", mapping: mapping));

        var row = report["rows"]![0]!;
        Assert.Equal("updated", row["action"]!.GetValue<string>());
        Assert.Equal(first, row["contact_id"]!.GetValue<Guid>());
        var updated = await (await account.Client.GetAsync($"/api/v1/contacts/{first}")).JsonAsync();
        Assert.Equal(("Imported", "NewCo"), (updated["last_name"]!.GetValue<string>(), updated["company"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_file_that_stops_being_utf8_after_the_first_batch_is_422_and_writes_nothing()
    {
        var account = await api.RegisterAsync();
        var text = new StringBuilder("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
        for (var i = 0; i < 1500; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Row,Number{i},,row{i}@import.example,,,\n");
        }
        byte[] file = [.. Encoding.UTF8.GetBytes(text.ToString()), 0xc3, 0x28, .. "\n"u8];

        var problem = await (await ImportAsync(account, file, "linkedin")).ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.NotNull(problem["errors"]!["file"]);
        Assert.Equal(0, await CountAsync(account));
    }

    [Theory]
    [InlineData("""{"First":"first_name","Last":"last_name","Mail":"email","mail":"phone"}""")]
    [InlineData("""{"First":"first_name","Last":"last_name","MAIL":"email","Mail":"email"}""")]
    [InlineData("""{"First":"first_name","Last":"last_name","Mail":"email","Mail":"phone"}""")]
    [InlineData("""{"First":"first_name","Last":"last_name"," Mail ":"email","mail":"phone"}""")]
    [InlineData("""{"First":"first_name","Last":"last_name","Mail":null}""")]
    [InlineData("""{"First":"first_name","Last":"last_name","Mail":5}""")]
    [InlineData("""{"First":"first_name","Last":"last_name","Mail":"email","Org":"email"}""")]
    [InlineData("""{"First":"first_name","Last":"last_name","Mail":"e-mail"}""")]
    [InlineData("""["first_name","last_name"]""")]
    [InlineData("""{}""")]
    [InlineData("null")]
    [InlineData("{")]
    public async Task A_mapping_that_does_not_say_one_thing_is_422_naming_mapping_and_writes_nothing(string mapping)
    {
        var account = await api.RegisterAsync();
        var (file, _) = FileOf("csv", "someone@import.example");
        foreach (var dryRun in new[] { true, false })
        {
            var problem = await (await ImportAsync(account, file, "csv", dryRun, mapping)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.NotNull(problem["errors"]!["mapping"]);
        }
        Assert.Equal(0, await CountAsync(account));
    }
}

public sealed class ImportInputTestsOnSqlite(SqliteApiFactory api) : ImportInputTests(api), IClassFixture<SqliteApiFactory>;

public sealed class ImportInputTestsOnPostgres(PostgresApiFactory api) : ImportInputTests(api), IClassFixture<PostgresApiFactory>;
