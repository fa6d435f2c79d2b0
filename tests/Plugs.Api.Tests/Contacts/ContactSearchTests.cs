using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Npgsql;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Data.Contacts;

namespace Plugs.Api.Tests.Contacts;

/// <summary>
/// <c>q</c> search and the list's tags as the API reads them: on PostgreSQL through the
/// tenant-scoped search function (ids read once, or a subquery past
/// <see cref="ContactSearch.MaterializedMatches"/>), on SQLite as a plain LIKE.
/// </summary>
public abstract class ContactSearchTests(PlugsApiFactory api)
{
    /// <summary>Asserts the exact total (X-Total-Count) and the page's last names, in order.</summary>
    private static async Task ExpectAsync(Account account, string query, int total, params string[] lastNames)
    {
        var response = await account.Client.GetAsync($"/api/v1/contacts/?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(total.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(lastNames, (await response.JsonArrayAsync()).Select(c => c!["last_name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Search_sees_only_the_callers_live_contacts()
    {
        var a = await api.RegisterAsync(organization: "Search A");
        var b = await api.RegisterAsync(organization: "Search B");
        await ContactTests.CreateAsync(a, new { first_name = "Ann", last_name = "Alpha", company = "Nebula Works" });
        await ContactTests.CreateAsync(a, new { first_name = "Abe", last_name = "Beta", notes = "Met at the NEBULA summit", contact_type = "plug" });
        var gone = await ContactTests.CreateAsync(a, new { first_name = "Ari", last_name = "Gone", job_title = "Nebula scout" });
        await ContactTests.CreateAsync(a, new { first_name = "Al", last_name = "Other", company = "Elsewhere" });
        await ContactTests.CreateAsync(b, new { first_name = "Bea", last_name = "Theirs", company = "Nebula Works" });
        Assert.Equal(HttpStatusCode.NoContent, (await a.Client.DeleteAsync($"/api/v1/contacts/{gone["id"]}")).StatusCode);

        await ExpectAsync(a, "q=nebula&sort=last_name", 2, "Alpha", "Beta");
        await ExpectAsync(b, "q=nebula", 1, "Theirs");
        // Search combines with the other filters, and the total counts every match, not the page.
        await ExpectAsync(a, "q=nebula&contact_type=plug", 1, "Beta");
        await ExpectAsync(a, "q=nebula&sort=last_name&limit=1", 2, "Alpha");
        // Pattern characters are literal.
        await ExpectAsync(a, "q=nebul_", 0);
    }

    [Fact]
    public async Task Search_ignores_case_and_accents_whichever_way_a_contact_was_written()
    {
        var account = await api.RegisterAsync();
        var jose = await ContactTests.CreateAsync(account, new { first_name = "José", last_name = "Núñez", company = "Café Olé" });
        await ContactTests.CreateAsync(account, new { first_name = "Zoë", last_name = "Ångström", notes = "Met in Kraków" });
        await ContactTests.CreateAsync(account, new { first_name = "Jo", last_name = "Plain" });
        foreach (var q in new[] { "jose", "JOSÉ", "José", "JOSE", "nunez", "NÚÑEZ", "cafe ole", "CAFÉ" })
        {
            await ExpectAsync(account, $"q={Uri.EscapeDataString(q)}", 1, "Núñez");
        }
        foreach (var q in new[] { "zoe", "ZOË", "angstrom", "krakow", "KRAKÓW" })
        {
            await ExpectAsync(account, $"q={Uri.EscapeDataString(q)}", 1, "Ångström");
        }
        await ExpectAsync(account, "q=jo&sort=last_name", 2, "Núñez", "Plain");

        // An update: the old words are gone, the new ones found.
        var id = jose["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.OK, (await account.Client.PatchAsJsonAsync($"/api/v1/contacts/{id}",
            new { company = "Société Générale", email = "jose@nunez.example" })).StatusCode);
        await ExpectAsync(account, "q=societe%20generale", 1, "Núñez");
        await ExpectAsync(account, "q=cafe", 0);

        // An import: a new row (a bulk insert on PostgreSQL) and a row updating José by e-mail.
        var csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
            "Renée,Müller,,renee@muller.example,Crème Brûlée Inc,Chef,01 Jan 2024\n" +
            "José,Núñez,,jose@nunez.example,Öko GmbH,Directeur Général,01 Jan 2024\n";
        var imported = await ImportExportTests.ImportAsync(account, Encoding.UTF8.GetBytes(csv), "linkedin");
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        await ExpectAsync(account, "q=muller", 1, "Müller");
        await ExpectAsync(account, "q=CREME%20BRULEE", 1, "Müller");
        await ExpectAsync(account, "q=oko", 1, "Núñez");
        await ExpectAsync(account, "q=directeur%20general", 1, "Núñez");

        // A merge fills the survivor's empty fields from the duplicate.
        var twin = await ContactTests.CreateAsync(account, new { first_name = "Zoe", last_name = "Angstrom", company = "Études Ltd" });
        var zoe = (await (await account.Client.GetAsync("/api/v1/contacts/?q=krakow")).JsonArrayAsync()).Single()!["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.OK, (await account.Client.PostAsJsonAsync($"/api/v1/contacts/{zoe}/merge", new { merge_ids = new[] { twin["id"] } })).StatusCode);
        await ExpectAsync(account, "q=etudes", 1, "Ångström");
    }

    [Fact]
    public async Task A_broad_search_pages_and_counts_every_match()
    {
        var account = await api.RegisterAsync();
        var rows = ContactSearch.MaterializedMatches + 25;
        var csv = new StringBuilder("Notes:\n\"LinkedIn's notes line\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"Wide{i},Match{i:D4},,wide{i}@broad.example,Broadcast Ltd,Engineer,01 Jan 2024\n");
        }
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "Connections.csv");
        form.Add(new StringContent("linkedin"), "format");
        Assert.Equal(HttpStatusCode.Created, (await account.Client.PostAsync("/api/v1/contacts/import", form)).StatusCode);
        await ContactTests.CreateAsync(account, new { first_name = "Not", last_name = "Included", company = "Narrow" });

        await ExpectAsync(account, "q=broadcast&sort=last_name&skip=1000&limit=10", rows,
            [.. Enumerable.Range(1000, 10).Select(i => $"Match{i:D4}")]);
        await ExpectAsync(account, "q=broad.example&sort=-last_name&limit=1", rows, $"Match{rows - 1:D4}");
    }

    [Fact]
    public async Task Tags_come_back_sorted_and_control_characters_are_refused()
    {
        var account = await api.RegisterAsync();
        var contact = await ContactTests.CreateAsync(account, new { first_name = "Tia", last_name = "Tagged", tags = new[] { "zeta", "Alpha", "mid; dle" } });
        Assert.Equal(["Alpha", "mid; dle", "zeta"], contact["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var listed = (await (await account.Client.GetAsync("/api/v1/contacts/?q=tagged")).JsonArrayAsync()).Single()!;
        Assert.Equal(["Alpha", "mid; dle", "zeta"], listed["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var untagged = await ContactTests.CreateAsync(account, new { first_name = "No", last_name = "Tags" });
        Assert.Empty(untagged["tags"]!.AsArray());

        var problem = await (await account.Client.PostAsJsonAsync("/api/v1/contacts/", new { first_name = "Bad", last_name = "Tag", tags = new[] { "a\u001fb" } }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["tags"]);
        await ExpectAsync(account, "q=bad", 0);
    }
}

public sealed class ContactSearchTestsOnSqlite(SqliteApiFactory api) : ContactSearchTests(api), IClassFixture<SqliteApiFactory>;

public sealed class ContactSearchTestsOnPostgres(PostgresApiFactory api) : ContactSearchTests(api), IClassFixture<PostgresApiFactory>
{
    private readonly PostgresApiFactory _api = api;

    /// <summary>
    /// The search function reads past the row policies, so it must itself keep to the tenant named
    /// by the session setting, return nothing without one, and be callable only by the API's role.
    /// </summary>
    [Fact]
    public async Task The_search_function_keeps_to_the_current_tenant()
    {
        var a = await _api.RegisterAsync(organization: "Fn A");
        var b = await _api.RegisterAsync(organization: "Fn B");
        await ContactTests.CreateAsync(a, new { first_name = "Fay", last_name = "Quasar" });
        await ContactTests.CreateAsync(b, new { first_name = "Fox", last_name = "Quasar" });

        await using var app = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_api.AppConnectionString) { Pooling = false }.ConnectionString);
        await app.OpenAsync();
        async Task<List<Guid>> MatchesAsync()
        {
            await using var command = new NpgsqlCommand($"SELECT * FROM {ContactSearch.Function}('%quasar%')", app);
            var ids = new List<Guid>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetGuid(0));
            }
            return ids;
        }
        async Task SetTenantAsync(string value)
        {
            await using var command = new NpgsqlCommand("SELECT set_config('app.current_organization_id', @v, false)", app);
            command.Parameters.AddWithValue("v", value);
            await command.ExecuteScalarAsync();
        }

        Assert.Empty(await MatchesAsync());
        await SetTenantAsync(a.OrganizationId.ToString("D"));
        var ofA = Assert.Single(await MatchesAsync());
        await using (var owner = new NpgsqlCommand("SELECT organization_id FROM contacts WHERE id = @id", app))
        {
            owner.Parameters.AddWithValue("id", ofA);
            Assert.Equal(a.OrganizationId, (Guid)(await owner.ExecuteScalarAsync())!);
        }
        await SetTenantAsync(b.OrganizationId.ToString("D"));
        Assert.NotEqual(ofA, Assert.Single(await MatchesAsync()));
        await SetTenantAsync("");
        Assert.Empty(await MatchesAsync());

        // Nobody keeps the function owner's role (whose policy sees every row).
        await using var members = new NpgsqlCommand(
            "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid WHERE r.rolname = @role", app);
        members.Parameters.AddWithValue("role", ContactSearch.Role);
        Assert.Equal(0L, (long)(await members.ExecuteScalarAsync())!);
    }
}
