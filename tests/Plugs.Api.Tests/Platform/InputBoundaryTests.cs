using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Contacts;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Platform;

/// <summary>
/// U+0000 and unpaired surrogates are refused at the boundary — JSON bodies at any depth, query
/// strings, form fields — with the same 422 naming the field on both providers, and nothing is
/// written. (PostgreSQL cannot store them; SQLite would.) JSON escapes carry them: <c>\u0000</c>,
/// a lone <c>\ud800</c> or <c>\udc00</c>.
/// </summary>
public abstract class InputBoundaryTests(PlugsApiFactory api)
{
    private const string Refusal = "Must not contain U+0000 (NUL) or unpaired UTF-16 surrogates.";

    /// <summary>Bodies for an signed-in caller: (method, path, JSON, the field the 422 names).</summary>
    public static TheoryData<string, string, string, string> SignedInBodies => new()
    {
        { "POST", "/api/v1/contacts/", """{"first_name":"A\u0000","last_name":"B"}""", "first_name" },
        { "POST", "/api/v1/contacts/", """{"first_name":"A","last_name":"B\ud800"}""", "last_name" },
        { "POST", "/api/v1/contacts/", """{"first_name":"A","last_name":"B","notes":"x\udc00y"}""", "notes" },
        { "POST", "/api/v1/contacts/", """{"first_name":"A","last_name":"B","company":"\ud83d"}""", "company" },
        { "POST", "/api/v1/contacts/", """{"first_name":"A","last_name":"B","tags":["ok","t\u0000"]}""", "tags[1]" },
        { "POST", "/api/v1/contacts/", """{"first_name":"A","last_name":"B","metadata":{"k\u0000":1}}""", "metadata" },
        { "POST", "/api/v1/contacts/", """{"first_name":"A","last_name":"B","metadata":{"k":{"deep":["v\u0000"]}}}""", "metadata" },
        { "POST", "/api/v1/contacts/", """{"first_name":"A","last_name":"B","metadata":{"k":"\ud800"}}""", "metadata" },
        { "POST", "/api/v1/events", """{"title":"T\u0000","start_date":"2030-06-01T09:00:00Z","end_date":"2030-06-01T18:00:00Z"}""", "title" },
        { "POST", "/api/v1/events", """{"title":"T","location":"\udc00","start_date":"2030-06-01T09:00:00Z","end_date":"2030-06-01T18:00:00Z"}""", "location" },
        { "POST", "/api/v1/events", """{"title":"T","metadata":{"a":"\u0000"},"start_date":"2030-06-01T09:00:00Z","end_date":"2030-06-01T18:00:00Z"}""", "metadata" },
        { "POST", "/api/v1/tags", """{"name":"vip\u0000"}""", "name" },
        { "PATCH", "/api/v1/organization", """{"settings":{"x\u0000":true}}""", "settings" },
        { "PATCH", "/api/v1/organization", """{"name":"Org\u0000"}""", "name" },
    };

    [Theory]
    [MemberData(nameof(SignedInBodies))]
    public async Task A_body_with_unstorable_text_is_422_naming_the_field_and_changes_nothing(string method, string path, string json, string field)
    {
        var account = await api.RegisterAsync(organization: "Boundary");
        var before = await SnapshotAsync(account);
        var response = await account.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Accounts.Json(json) });
        await AssertRefusedAsync(response, field);
        Assert.Equal(before, await SnapshotAsync(account));
    }

    [Fact]
    public async Task A_patch_with_unstorable_text_leaves_the_contact_as_it_was()
    {
        var account = await api.RegisterAsync(organization: "Boundary patch");
        var contact = await ContactTests.CreateAsync(account, new { first_name = "Ada", last_name = "Lovelace" });
        var url = $"/api/v1/contacts/{contact["id"]}";
        var response = await account.Client.PatchAsync(url, Accounts.Json("""{"first_name":"Ad\u0000a","job_title":"x"}"""));
        await AssertRefusedAsync(response, "first_name");
        var after = await (await account.Client.GetAsync(url)).JsonAsync();
        Assert.Equal("Ada", after["first_name"]!.GetValue<string>());
        Assert.Null(after["job_title"]);
        Assert.Equal(contact["updated_at"]!.GetValue<string>(), after["updated_at"]!.GetValue<string>());
    }

    public static TheoryData<string, string> AnonymousBodies => new()
    {
        { "/api/v1/auth/login", """{"email":"a\u0000@example.test","password":"correct horse battery staple"}""" },
        { "/api/v1/auth/login", """{"email":"a@example.test","password":"pass\ud800word-long"}""" },
        { "/api/v1/auth/forgot-password", """{"email":"someone\u0000@example.test"}""" },
        { "/api/v1/auth/register", """{"organization_name":"Org\u0000","email":"x@example.test","password":"correct horse battery staple","first_name":"A","last_name":"B"}""" },
        { "/api/v1/auth/register", """{"organization_name":"Org","email":"x\udc00@example.test","password":"correct horse battery staple","first_name":"A","last_name":"B"}""" },
    };

    [Theory]
    [MemberData(nameof(AnonymousBodies))]
    public async Task Anonymous_flows_refuse_unstorable_text_with_422(string path, string json)
    {
        using var client = api.CreateAnonymousClient();
        var response = await client.PostAsync(path, Accounts.Json(json));
        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("validation_failed", problem["code"]!.GetValue<string>());
        Assert.Contains(Refusal, problem["errors"]!.AsObject().SelectMany(e => e.Value!.AsArray()).Select(m => m!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/api/v1/contacts/?q=a%00b", "q")]
    [InlineData("/api/v1/contacts/?tag=%00", "tag")]
    [InlineData("/api/v1/contacts/?industry=Fin%00tech", "industry")]
    [InlineData("/api/v1/contacts/export?format=csv&q=%00", "q")]
    [InlineData("/api/v1/events?q=%00", "q")]
    [InlineData("/api/v1/users?q=x%00", "q")]
    [InlineData("/api/v1/tags?q=%00", "q")]
    public async Task A_query_parameter_with_nul_is_422_naming_it(string url, string field)
    {
        var account = await api.RegisterAsync(organization: "Boundary query");
        await AssertRefusedAsync(await account.Client.GetAsync(url), field);
    }

    [Theory]
    [InlineData("format", "csv\0")]
    [InlineData("mapping", "{\"Na\0me\":\"first_name\",\"Surname\":\"last_name\"}")]
    [InlineData("dry_run_comment", "\0")]
    public async Task An_import_form_field_with_nul_is_422_naming_it_and_imports_nothing(string name, string value)
    {
        var account = await api.RegisterAsync(organization: "Boundary form");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("Name,Surname\nAda,Lovelace\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "contacts.csv");
        var fields = new Dictionary<string, string> { ["format"] = "csv", ["mapping"] = """{"Name":"first_name","Surname":"last_name"}""" };
        fields[name] = value;
        foreach (var (key, text) in fields)
        {
            form.Add(new StringContent(text), key);
        }
        await AssertRefusedAsync(await account.Client.PostAsync("/api/v1/contacts/import", form), name);
        Assert.Equal("0", (await account.Client.GetAsync("/api/v1/contacts/?limit=1")).Headers.GetValues("X-Total-Count").Single());
    }

    [Theory]
    [InlineData("linkedin", "First Name,Last Name,Email Address\nAda,Lovelace,\nBad,Na\0me,\n", 3)]
    [InlineData("csv", "Name,Surname\nAda,Lovelace\nGrace,Hopper\nAl\0an,Turing\n", 4)]
    [InlineData("vcard", "BEGIN:VCARD\nVERSION:3.0\nN:Lovelace;Ada\nFN:Ada Lovelace\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nN:Hop\0per;Grace\nFN:Grace\nEND:VCARD\n", 8)]
    public async Task An_imported_file_with_nul_is_422_naming_the_line_and_imports_nothing(string format, string content, int line)
    {
        var account = await api.RegisterAsync(organization: "Boundary file");
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "file", "contacts.txt");
        form.Add(new StringContent(format), "format");
        if (format == "csv")
        {
            form.Add(new StringContent("""{"Name":"first_name","Surname":"last_name"}"""), "mapping");
        }
        var problem = await (await account.Client.PostAsync("/api/v1/contacts/import", form)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal($"Line {line}: {Refusal}", problem["errors"]!["file"]![0]!.GetValue<string>());
        Assert.Equal("0", (await account.Client.GetAsync("/api/v1/contacts/?limit=1")).Headers.GetValues("X-Total-Count").Single());
    }

    /// <summary>
    /// Several tenants' ordinary requests interleaved with hostile ones, in parallel, many times:
    /// every hostile request is a 422, every ordinary one succeeds, nothing answers 5xx.
    /// </summary>
    [Fact]
    public async Task Hostile_requests_interleaved_with_other_tenants_ordinary_ones_never_fail_them()
    {
        Account[] tenants = [await api.RegisterAsync(organization: "H1"), await api.RegisterAsync(organization: "H2"), await api.RegisterAsync(organization: "H3")];
        using var anonymous = api.CreateAnonymousClient();
        var hostile = SignedInBodies.Select(row => ((string)row[0], (string)row[1], (string)row[2])).ToArray();
        var created = new int[tenants.Length];
        var failures = new List<string>();

        async Task WorkerAsync(int worker)
        {
            for (var i = 0; i < 25; i++)
            {
                var t = (worker + i) % tenants.Length;
                var (method, path, json) = hostile[(worker * 7 + i) % hostile.Length];
                var bad = await tenants[(t + 1) % tenants.Length].Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Accounts.Json(json) });
                var badLogin = await anonymous.PostAsync("/api/v1/auth/login", Accounts.Json("""{"email":"x\u0000@example.test","password":"correct horse battery staple"}"""));
                var good = await tenants[t].Client.PostAsync("/api/v1/contacts/", Accounts.Json($$"""{"first_name":"Good","last_name":"W{{worker}}-{{i}}","metadata":{"n":{{i}}},"tags":["t{{i % 3}}"]}"""));
                var list = await tenants[t].Client.GetAsync("/api/v1/contacts/?limit=3&tag=t1");
                lock (failures)
                {
                    if (bad.StatusCode != HttpStatusCode.UnprocessableEntity) failures.Add($"hostile {method} {path}: {(int)bad.StatusCode}");
                    if (badLogin.StatusCode != HttpStatusCode.UnprocessableEntity) failures.Add($"hostile login: {(int)badLogin.StatusCode}");
                    if (good.StatusCode != HttpStatusCode.Created) failures.Add($"create: {(int)good.StatusCode}");
                    if (list.StatusCode != HttpStatusCode.OK) failures.Add($"list: {(int)list.StatusCode}");
                }
                if (good.StatusCode == HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref created[t]);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(WorkerAsync));
        Assert.Empty(failures);
        for (var t = 0; t < tenants.Length; t++)
        {
            var response = await tenants[t].Client.GetAsync("/api/v1/contacts/?limit=1");
            Assert.Equal(created[t].ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
        }
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("validation_failed", problem["code"]!.GetValue<string>());
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"errors name {string.Join(", ", errors.Select(e => e.Key))}, not {field}");
        Assert.Equal(Refusal, errors[field]![0]!.GetValue<string>());
    }

    /// <summary>What the organization holds, as its members see it.</summary>
    private static async Task<string> SnapshotAsync(Account account)
    {
        var parts = new List<string>();
        foreach (var url in new[] { "/api/v1/contacts/", "/api/v1/events", "/api/v1/tags", "/api/v1/organization" })
        {
            var node = JsonNode.Parse(await (await account.Client.GetAsync(url)).Content.ReadAsStringAsync());
            parts.Add(node!.ToJsonString());
        }
        return string.Join('\n', parts);
    }
}

public sealed class InputBoundaryTestsOnSqlite(SqliteApiFactory api) : InputBoundaryTests(api), IClassFixture<SqliteApiFactory>;

public sealed class InputBoundaryTestsOnPostgres(PostgresApiFactory api) : InputBoundaryTests(api), IClassFixture<PostgresApiFactory>;
