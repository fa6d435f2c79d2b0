using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Contacts.ImportExportTests;

namespace Plugs.Api.Tests.Contacts;

/// <summary>
/// Re-importing a file creates nothing new: rows find their contact by LinkedIn profile (however
/// the URL is spelled), then e-mail, then UID — also when the same file is imported many times at once.
/// </summary>
public abstract class ImportMatchingTests(PlugsApiFactory api)
{
    private const string Header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static async Task<JsonArray> ContactsAsync(Account account) =>
        await (await account.Client.GetAsync("/api/v1/contacts/?sort=last_name&limit=1000")).JsonArrayAsync();

    private static int Count(JsonObject report, string action) => report[action]!.GetValue<int>();

    [Theory]
    [InlineData("http://linkedin.com/in/ada-lovelace")]
    [InlineData("https://www.LinkedIn.com/in/ADA-Lovelace/")]
    [InlineData("HTTPS://WWW.LINKEDIN.COM/in/ada-lovelace?trk=people-guest#experience")]
    [InlineData("https://linkedin.com/in/ada-lovelace/details/experience/")]
    public async Task A_connection_without_an_email_finds_its_contact_by_profile_however_the_url_is_written(string url)
    {
        var account = await api.RegisterAsync();
        var existing = await ContactTests.CreateAsync(account, new { first_name = "Ada", last_name = "Lovelace", linkedin_url = "https://www.linkedin.com/in/ada-lovelace/" });

        var report = await ReportAsync(await ImportAsync(account, Utf8(Header + $"Ada,Lovelace,{url},,Analytical Engines,Programmer,01 Jan 2024\n"), "linkedin"));

        var row = report["rows"]![0]!;
        Assert.Equal("updated", row["action"]!.GetValue<string>());
        Assert.Equal(existing["id"]!.GetValue<Guid>(), row["contact_id"]!.GetValue<Guid>());
        Assert.Equal(["company", "job_title", "connected_on"], row["changed_fields"]!.AsArray().Select(f => f!.GetValue<string>()).Where(f => f != "linkedin_url"));
        var contact = Assert.Single(await ContactsAsync(account))!;
        Assert.Equal("Analytical Engines", contact["company"]!.GetValue<string>());
        Assert.Equal("2024-01-01", contact["metadata"]!["linkedin_connected_on"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_profile_wins_over_the_email_and_the_email_over_the_uid_and_a_key_two_contacts_hold_skips_the_row()
    {
        var account = await api.RegisterAsync();
        var byProfile = (await ContactTests.CreateAsync(account, new { first_name = "P", last_name = "Profile", linkedin_url = "https://linkedin.com/in/p" }))["id"]!.GetValue<Guid>();
        var byEmail = (await ContactTests.CreateAsync(account, new { first_name = "E", last_name = "Email", email = "e@match.example" }))["id"]!.GetValue<Guid>();
        await ContactTests.CreateAsync(account, new { first_name = "T", last_name = "One", linkedin_url = "https://linkedin.com/in/twin" });
        await ContactTests.CreateAsync(account, new { first_name = "T", last_name = "Two", linkedin_url = "https://www.linkedin.com/in/TWIN/" });

        var file = Header + "P,Profile,https://linkedin.com/in/p,E@match.example,Both,,\n" + "E,Email,,e@match.example,EmailCo,,\n"
            + "T,Twin,https://linkedin.com/in/twin,,,,\n";
        var report = await ReportAsync(await ImportAsync(account, Utf8(file), "linkedin"));

        var rows = report["rows"]!.AsArray();
        Assert.Equal(byProfile, rows[0]!["contact_id"]!.GetValue<Guid>());
        // Line 3 shares its e-mail with line 2 (which the profile's contact took): a duplicate in the file.
        Assert.Equal("skipped", rows[1]!["action"]!.GetValue<string>());
        Assert.Contains("duplicate of line 2", rows[1]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("LinkedIn profile is held by 2 contacts", rows[2]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var emailContact = await (await account.Client.GetAsync($"/api/v1/contacts/{byEmail}")).JsonAsync();
        Assert.True(emailContact["company"] is null || emailContact["company"]!.GetValueKind() == System.Text.Json.JsonValueKind.Null);

        var uidOnly = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:" + byEmail + "\r\nN:Email;E;;;\r\nORG:ByUid\r\nEND:VCARD\r\n";
        var viaUid = await ReportAsync(await ImportAsync(account, Utf8(uidOnly), "vcard", fileName: "e.vcf"));
        Assert.Equal(byEmail, viaUid["rows"]![0]!["contact_id"]!.GetValue<Guid>());
        Assert.Equal(4, (await ContactsAsync(account)).Count);
    }

    [Fact]
    public async Task A_vcard_with_only_a_uid_imports_once_and_later_cards_with_that_uid_update_it()
    {
        var account = await api.RegisterAsync();
        var card = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:4f1c-phone-book-17\r\nN:Hopper;Grace;;;\r\nCATEGORIES:navy,pioneer\\, computing\r\nEND:VCARD\r\n";
        var first = await ReportAsync(await ImportAsync(account, Utf8(card), "vcf", fileName: "grace.vcf"));
        Assert.Equal(("vcard", 1), (first["format"]!.GetValue<string>(), Count(first, "created")));
        var again = await ReportAsync(await ImportAsync(account, Utf8(card), "vcard", fileName: "grace.vcf"));
        Assert.Equal(1, Count(again, "unchanged"));
        var changed = await ReportAsync(await ImportAsync(account, Utf8(card.Replace("END:VCARD", "TITLE:Rear Admiral\r\nEND:VCARD", StringComparison.Ordinal)), "vcard"));
        Assert.Equal(1, Count(changed, "updated"));
        var grace = Assert.Single(await ContactsAsync(account))!;
        Assert.Equal("Rear Admiral", grace["job_title"]!.GetValue<string>());
        Assert.Equal(["navy", "pioneer, computing"], grace["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Defaults_give_created_contacts_their_type_and_status_and_every_imported_contact_the_tags()
    {
        var account = await api.RegisterAsync();
        var known = (await ContactTests.CreateAsync(account, new { first_name = "Known", last_name = "Person", email = "known@x.example", contact_type = "contact", tags = new[] { "mine" } }))["id"]!.GetValue<Guid>();
        var file = Header + "Known,Person,,known@x.example,,,\nNew,Person,,new@x.example,,,\n";
        (string, string)[] fields = [("contact_type", "plug"), ("status", "hot_lead"), ("tags", "summit-2026"), ("tags", "warm")];

        var report = await ReportAsync(await ImportAsync(account, Utf8(file), "linkedin", fields: fields));

        Assert.Equal(["tags"], report["rows"]![0]!["changed_fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        var contacts = await ContactsAsync(account);
        var existing = contacts.Single(c => c!["id"]!.GetValue<Guid>() == known)!;
        Assert.Equal("contact", existing["contact_type"]!.GetValue<string>());
        Assert.Equal(["mine", "summit-2026", "warm"], existing["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var created = contacts.Single(c => c!["id"]!.GetValue<Guid>() != known)!;
        Assert.Equal(("plug", "hot_lead"), (created["contact_type"]!.GetValue<string>(), created["status"]!.GetValue<string>()));
        Assert.Equal(["summit-2026", "warm"], created["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Theory]
    [InlineData("contact_type", "vip")]
    [InlineData("status", "HotLead")]
    [InlineData("tags", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("tags", "bad\u0001tag")]
    [InlineData("tags", "bad\u0000tag")]
    [InlineData("format", "xlsx")]
    public async Task A_bad_default_or_format_is_422_naming_it_and_writes_nothing(string field, string value)
    {
        var account = await api.RegisterAsync();
        var response = await ImportAsync(account, Utf8(Header + "A,B,,,,,\n"), field == "format" ? value : "linkedin",
            fields: field is "format" ? null : [(field, value)]);
        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("validation_failed", problem["code"]!.GetValue<string>());
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(0, await CountAsync(account));
        Assert.Equal("0", (await account.Client.GetAsync("/api/v1/imports")).Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Generic_csv_maps_type_status_priority_score_tags_and_uid_and_skips_bad_values_with_reasons()
    {
        var account = await api.RegisterAsync();
        var csv = "Given,Family,Kind,Stage,Rank,Score,Labels,Ref\nAlan,Turing,plug,existing_client,high,88,crypto;math\\;s,emp-1\n"
            + "Bad,Type,vip,,,,,emp-2\nBad,Score,,,,lots,,emp-3\n";
        var mapping = """{"Given":"first_name","Family":"last_name","Kind":"contact_type","Stage":"status","Rank":"priority","Score":"lead_score","Labels":"tags","Ref":"uid"}""";

        var report = await ReportAsync(await ImportAsync(account, Utf8(csv), "csv", mapping: mapping));

        var rows = report["rows"]!.AsArray();
        Assert.Equal("created", rows[0]!["action"]!.GetValue<string>());
        Assert.Contains("contact_type", rows[1]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("lead_score", rows[2]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var alan = Assert.Single(await ContactsAsync(account))!;
        Assert.Equal(("plug", "existing_client", "high", 88), (alan["contact_type"]!.GetValue<string>(), alan["status"]!.GetValue<string>(),
            alan["priority"]!.GetValue<string>(), alan["lead_score"]!.GetValue<int>()));
        Assert.Equal(["crypto", "math;s"], alan["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var again = await ReportAsync(await ImportAsync(account, Utf8(csv), "csv", mapping: mapping));
        Assert.Equal((0, 1), (Count(again, "created"), Count(again, "unchanged")));
    }

    [Fact]
    public async Task The_same_file_imported_16_times_at_once_creates_each_contact_once()
    {
        const int Parallel = 16;
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < 3; round++)
        {
            var text = new StringBuilder(Header);
            for (var i = 0; i < 30; i++)
            {
                // Most LinkedIn connections show no e-mail: only the profile names them.
                var email = i % 3 == 0 ? $"p{round}-{i}@race.example" : "";
                text.Append(CultureInfo.InvariantCulture, $"Person,R{round}N{i},https://www.linkedin.com/in/r{round}-p{i}/,{email},Co,,01 Feb 2025\n");
            }
            var file = Utf8(text.ToString());

            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => ImportAsync(account, file, "linkedin", client: clients[i % clients.Count])));

            var reports = new List<JsonObject>();
            foreach (var response in responses)
            {
                reports.Add(await ReportAsync(response));
            }
            Assert.Equal(30, reports.Sum(r => Count(r, "created")));
            Assert.All(reports, r => Assert.Equal(30, Count(r, "created") + Count(r, "unchanged")));
            Assert.Equal(30 * (round + 1), await CountAsync(account));
        }
    }
}

public sealed class ImportMatchingTestsOnSqlite(SqliteApiFactory api) : ImportMatchingTests(api), IClassFixture<SqliteApiFactory>;

public sealed class ImportMatchingTestsOnPostgres(PostgresApiFactory api) : ImportMatchingTests(api), IClassFixture<PostgresApiFactory>;
