using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Api.Tests.Users;
using static Plugs.Api.Tests.Contacts.ImportExportTests;

namespace Plugs.Api.Tests.Contacts;

/// <summary>
/// Imports are resources: listed, read with their per-row report, and undone (created contacts
/// soft-deleted, overwritten fields put back) once, by their importer or an admin.
/// </summary>
public abstract class ImportResourceTests(PlugsApiFactory api)
{
    private const string Header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static Task<HttpResponseMessage> UndoAsync(HttpClient client, Guid id) => client.PostAsync($"/api/v1/imports/{id}/undo", null);

    /// <summary>One existing contact the file updates (company, a tag), two it creates.</summary>
    private static async Task<(Guid Existing, Guid Import, JsonObject Report)> ImportOverAsync(Account account, HttpClient? client = null)
    {
        var n = Guid.NewGuid().ToString("N")[..8];
        var existing = (await ContactTests.CreateAsync(account, new { first_name = "Old", last_name = "Friend", email = $"old-{n}@friend.example", company = "Before", tags = new[] { "kept" } }))["id"]!.GetValue<Guid>();
        var file = Header + $"Old,Friend,,old-{n}@friend.example,After,,\nNew,One,https://linkedin.com/in/one-{n},,,,\nNew,Two,https://linkedin.com/in/two-{n},,,,\n";
        var response = await ImportAsync(account, Utf8(file), "linkedin", fileName: "Connections.csv", fields: [("tags", "summit")], client: client);
        var report = await ReportAsync(response);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = report["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/v1/imports/{id}", response.Headers.Location!.OriginalString);
        return (existing, id, report);
    }

    [Fact]
    public async Task Imports_are_listed_newest_first_and_read_with_their_report_and_dry_runs_are_not_stored()
    {
        var account = await api.RegisterAsync();
        var (_, first, _) = await ImportOverAsync(account);
        await ReportAsync(await ImportAsync(account, Utf8(Header + "Dry,Run,,,,,\n"), "linkedin", dryRun: true));
        var second = (await ReportAsync(await ImportAsync(account, Utf8(Header + "Only,Row,,,,,\n"), "linkedin", fileName: "second.csv")))["id"]!.GetValue<Guid>();

        var page = await account.Client.GetAsync("/api/v1/imports?limit=1");
        Assert.Equal("2", page.Headers.GetValues("X-Total-Count").Single());
        Assert.Contains("rel=\"next\"", page.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        Assert.Equal(second, (await page.JsonArrayAsync()).Single()!["id"]!.GetValue<Guid>());
        var all = await account.Client.ListOkAsync("/api/v1/imports");
        Assert.Equal([second, first], all.Select(i => i!["id"]!.GetValue<Guid>()));
        Assert.Null(all[0]!["rows"]);

        var import = await account.Client.GetOkAsync($"/api/v1/imports/{first}");
        Assert.Equal(("Connections.csv", "linkedin", "completed"), (import["file_name"]!.GetValue<string>(), import["format"]!.GetValue<string>(), import["status"]!.GetValue<string>()));
        Assert.Equal(account.UserId, import["created_by"]!.GetValue<Guid>());
        Assert.Equal((3, 2, 1, 0, 0), (import["total_rows"]!.GetValue<int>(), import["created"]!.GetValue<int>(), import["updated"]!.GetValue<int>(),
            import["unchanged"]!.GetValue<int>(), import["skipped"]!.GetValue<int>()));
        var rows = import["rows"]!.AsArray();
        Assert.Equal([2, 3, 4], rows.Select(r => r!["line"]!.GetValue<int>()));
        Assert.Equal(["company", "tags"], rows[0]!["changed_fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.NotNull(import["completed_at"]);
    }

    [Fact]
    public async Task A_file_with_a_header_and_no_rows_is_an_import_of_nothing_and_undoes_to_nothing()
    {
        var account = await api.RegisterAsync();
        var report = await ReportAsync(await ImportAsync(account, Utf8(Header), "linkedin"));
        var id = report["id"]!.GetValue<Guid>();
        Assert.Equal((0, "completed"), (report["total_rows"]!.GetValue<int>(), report["status"]!.GetValue<string>()));
        Assert.Empty((await account.Client.GetOkAsync($"/api/v1/imports/{id}"))["rows"]!.AsArray());
        var undo = await (await UndoAsync(account.Client, id)).JsonAsync();
        Assert.Equal((0, 0), (undo["deleted"]!.GetValue<int>(), undo["restored"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Undo_deletes_what_the_import_created_and_puts_back_what_it_changed_once()
    {
        var account = await api.RegisterAsync();
        var (existing, id, report) = await ImportOverAsync(account);
        Assert.Equal(3, await CountAsync(account));

        var undo = await (await UndoAsync(account.Client, id)).JsonAsync();

        Assert.Equal((2, 1), (undo["deleted"]!.GetValue<int>(), undo["restored"]!.GetValue<int>()));
        Assert.Empty(undo["edited_since"]!.AsArray());
        Assert.Equal(("undone", account.UserId), (undo["import"]!["status"]!.GetValue<string>(), undo["import"]!["undone_by"]!.GetValue<Guid>()));
        Assert.Equal(1, await CountAsync(account));
        var contact = await account.Client.GetOkAsync($"/api/v1/contacts/{existing}");
        Assert.Equal("Before", contact["company"]!.GetValue<string>());
        Assert.Equal(["kept"], contact["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        var created = report["rows"]!.AsArray().Where(r => r!["action"]!.GetValue<string>() == "created").Select(r => r!["contact_id"]!.GetValue<Guid>());
        foreach (var gone in created)
        {
            await (await account.Client.GetAsync($"/api/v1/contacts/{gone}")).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
        }
        Assert.Equal("undone", (await account.Client.GetOkAsync($"/api/v1/imports/{id}"))["status"]!.GetValue<string>());

        var again = await (await UndoAsync(account.Client, id)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("import_already_undone", again["code"]!.GetValue<string>());
        Assert.NotNull(again["undone_at"]);

        // The same file again creates its contacts anew (the undone ones are deleted, so nothing matches them).
        var redo = await ReportAsync(await ImportAsync(account, Utf8(Header + "New,One,https://linkedin.com/in/new-one,,,,\n"), "linkedin"));
        Assert.Equal(1, redo["created"]!.GetValue<int>());
    }

    [Fact]
    public async Task Undo_after_edits_soft_deletes_edited_contacts_too_lists_them_and_keeps_fields_changed_since()
    {
        var account = await api.RegisterAsync();
        var (existing, id, report) = await ImportOverAsync(account);
        var edited = report["rows"]![1]!["contact_id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.OK, (await account.Client.PatchJsonAsync($"/api/v1/contacts/{edited}", """{"notes":"met at the summit"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await account.Client.PatchJsonAsync($"/api/v1/contacts/{existing}", """{"company":"Newer"}""")).StatusCode);

        var undo = await (await UndoAsync(account.Client, id)).JsonAsync();

        Assert.Equal([edited], undo["edited_since"]!.AsArray().Select(e => e!.GetValue<Guid>()));
        var kept = Assert.Single(undo["kept"]!.AsArray())!;
        Assert.Equal((existing, "company"), (kept["contact_id"]!.GetValue<Guid>(), kept["fields"]![0]!.GetValue<string>()));
        var contact = await account.Client.GetOkAsync($"/api/v1/contacts/{existing}");
        Assert.Equal("Newer", contact["company"]!.GetValue<string>());
        Assert.Equal(["kept"], contact["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        // Soft: the edited contact comes back with its edit.
        var restored = await (await account.Client.PostAsync($"/api/v1/contacts/{edited}/restore", null)).JsonAsync();
        Assert.Equal("met at the summit", restored["notes"]!.GetValue<string>());
    }

    [Fact]
    public async Task Members_read_every_import_but_undo_only_their_own_and_admins_undo_any()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var other = await api.AddMemberAsync(admin);
        var (_, byMember, _) = await ImportOverAsync(member);

        await other.Client.GetOkAsync($"/api/v1/imports/{byMember}");
        await (await UndoAsync(other.Client, byMember)).AssertCodeAsync(HttpStatusCode.Forbidden, "import_not_yours");
        Assert.Equal(HttpStatusCode.OK, (await UndoAsync(member.Client, byMember)).StatusCode);

        var (_, byOther, _) = await ImportOverAsync(other);
        Assert.Equal(HttpStatusCode.OK, (await UndoAsync(admin.Client, byOther)).StatusCode);
    }

    [Fact]
    public async Task Another_organizations_import_reads_like_a_missing_one_and_bad_input_is_422()
    {
        var mine = await api.RegisterAsync();
        var theirs = await api.RegisterAsync();
        var (_, foreign, _) = await ImportOverAsync(theirs);

        foreach (var id in new[] { foreign, Guid.NewGuid() })
        {
            await (await mine.Client.GetAsync($"/api/v1/imports/{id}")).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
            await (await UndoAsync(mine.Client, id)).AssertCodeAsync(HttpStatusCode.NotFound, "not_found");
        }
        Assert.Empty(await mine.Client.ListOkAsync("/api/v1/imports"));
        Assert.Equal("completed", (await theirs.Client.GetOkAsync($"/api/v1/imports/{foreign}"))["status"]!.GetValue<string>());
        Assert.Equal(3, await CountAsync(theirs));

        await (await mine.Client.GetAsync("/api/v1/imports?limit=0")).AssertInvalidAsync("limit");
        await (await mine.Client.GetAsync("/api/v1/imports?skip=-1")).AssertInvalidAsync("skip");
        await (await mine.Client.GetAsync("/api/v1/imports?limit=ten")).AssertInvalidAsync("limit");
        await (await mine.Client.GetAsync("/api/v1/imports/not-a-guid")).ProblemAsync(HttpStatusCode.NotFound);
        using var anonymous = api.CreateAnonymousClient();
        await (await anonymous.GetAsync("/api/v1/imports")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await UndoAsync(anonymous, foreign)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Of_16_undos_at_once_exactly_one_wins()
    {
        const int Parallel = 16;
        var account = await api.RegisterAsync();
        var clients = Enumerable.Range(0, 4).Select(_ => api.CreateClient(account.AccessToken)).ToList();
        for (var round = 0; round < 3; round++)
        {
            var (existing, id, _) = await ImportOverAsync(account);

            var responses = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(i => UndoAsync(clients[i % clients.Count], id)));

            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            {
                await loser.AssertCodeAsync(HttpStatusCode.Conflict, "import_already_undone");
            }
            Assert.Equal(round + 1, await CountAsync(account));
            Assert.Equal("Before", (await account.Client.GetOkAsync($"/api/v1/contacts/{existing}"))["company"]!.GetValue<string>());
        }
    }
}

public sealed class ImportResourceTestsOnSqlite(SqliteApiFactory api) : ImportResourceTests(api), IClassFixture<SqliteApiFactory>;

public sealed class ImportResourceTestsOnPostgres(PostgresApiFactory api) : ImportResourceTests(api), IClassFixture<PostgresApiFactory>;
