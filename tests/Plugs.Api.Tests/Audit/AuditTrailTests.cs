using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Contacts;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Audit.AuditApi;

namespace Plugs.Api.Tests.Audit;

/// <summary>
/// Every tracked change of a tenant row writes exactly one audit row in the same save, with only
/// the changed columns, the acting user and the request's origin; a write that fails leaves none.
/// </summary>
public abstract class AuditTrailTests(PlugsApiFactory api)
{
    private const int Parallel = 16;

    private static Guid Id(JsonObject body) => body["id"]!.GetValue<Guid>();

    [Fact]
    public async Task Create_update_delete_and_restore_each_write_one_row_with_only_the_changed_fields()
    {
        var admin = await api.RegisterAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contacts/") { Content = JsonContent.Create(new { first_name = "Grace", last_name = "Hopper", company = "Navy" }) };
        request.Headers.Add("X-Request-Id", "audit-test-create-1");
        request.Headers.UserAgent.ParseAdd("AuditTest/1.0");
        var created = await admin.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = Id(await created.JsonAsync());

        var rows = await RowsForAsync(admin, "contacts", id);
        var row = Assert.Single(rows);
        Assert.Equal("created", Action(row));
        Assert.Equal(admin.UserId, row["user_id"]!.GetValue<Guid>());
        Assert.Equal("audit-test-create-1", row["request_id"]!.GetValue<string>());
        Assert.Equal("AuditTest/1.0", row["user_agent"]!.GetValue<string>());
        Assert.StartsWith("2001:db8::", row["ip_address"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(row["old_values"]);
        var created1 = row["new_values"]!.AsObject();
        Assert.Equal("Grace", created1["first_name"]!.GetValue<string>());
        Assert.Equal("Navy", created1["company"]!.GetValue<string>());
        Assert.False(created1.ContainsKey("id"));
        Assert.False(created1.ContainsKey("organization_id"));
        Assert.False(created1.ContainsKey("updated_at"));
        Assert.False(created1.ContainsKey("search_text"));

        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchAsJsonAsync($"/api/v1/contacts/{id}", new { company = "US Navy", last_name = "Hopper" })).StatusCode);
        rows = await RowsForAsync(admin, "contacts", id);
        Assert.Equal(["created", "updated"], rows.Select(Action));
        Assert.Equal("""{"company":"Navy"}""", rows[1]["old_values"]!.ToJsonString());
        Assert.Equal("""{"company":"US Navy"}""", rows[1]["new_values"]!.ToJsonString());

        // A PATCH that changes nothing writes nothing.
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchAsJsonAsync($"/api/v1/contacts/{id}", new { company = "US Navy" })).StatusCode);
        Assert.Equal(2, (await RowsForAsync(admin, "contacts", id)).Count);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/v1/contacts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PostAsync($"/api/v1/contacts/{id}/restore", null)).StatusCode);
        rows = await RowsForAsync(admin, "contacts", id);
        Assert.Equal(["created", "updated", "deleted", "restored"], rows.Select(Action));
        Assert.False(rows[2]["old_values"]!["is_deleted"]!.GetValue<bool>());
        Assert.True(rows[2]["new_values"]!["is_deleted"]!.GetValue<bool>());
        Assert.NotNull(rows[2]["new_values"]!["deleted_at"]);
        Assert.False(rows[3]["new_values"]!["is_deleted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Enums_are_their_stored_names_and_a_tag_rename_is_audited_on_the_tag()
    {
        var admin = await api.RegisterAsync();
        var contact = Id(await ContactTests.CreateAsync(admin, new { first_name = "Enum", last_name = "Case", status = "hot_lead" }));
        Assert.Equal("hot_lead", (await RowsForAsync(admin, "contacts", contact))[0]["new_values"]!["status"]!.GetValue<string>());

        var tag = Id(await (await admin.Client.PostAsJsonAsync("/api/v1/tags/", new { name = "vip" })).JsonAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchAsJsonAsync($"/api/v1/tags/{tag}", new { name = "VIP+" })).StatusCode);
        var rows = await RowsForAsync(admin, "tags", tag);
        Assert.Equal(["created", "updated"], rows.Select(Action));
        Assert.Equal("""{"name":"vip"}""", rows[1]["old_values"]!.ToJsonString());
    }

    [Fact]
    public async Task Of_parallel_writers_holding_one_etag_only_the_winner_is_audited_and_parallel_creates_each_get_their_row()
    {
        var admin = await api.RegisterAsync();
        var id = Id(await ContactTests.CreateAsync(admin, new { first_name = "Race", last_name = "Target" }));
        for (var round = 0; round < 3; round++)
        {
            var etag = (await admin.Client.GetAsync($"/api/v1/contacts/{id}")).Headers.ETag!.Tag;
            var answers = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(async i =>
            {
                using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/contacts/{id}") { Content = JsonContent.Create(new { company = $"C{round}-{i}" }) };
                patch.Headers.TryAddWithoutValidation("If-Match", etag);
                return (await admin.Client.SendAsync(patch)).StatusCode;
            }));
            Assert.Equal(1, answers.Count(s => s == HttpStatusCode.OK));
            Assert.All(answers, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.PreconditionFailed }));
            // Each loser's save failed as a whole: its audit row went with it.
            Assert.Equal(round + 1, (await RowsForAsync(admin, "contacts", id)).Count(r => Action(r) == "updated"));
        }

        var ids = await Task.WhenAll(Enumerable.Range(0, Parallel).Select(async i =>
            Id(await ContactTests.CreateAsync(admin, new { first_name = $"P{i}", last_name = "Parallel" }))));
        var createdRows = await ListAsync(admin, "?entity_type=contacts&action=created&limit=1000");
        Assert.All(ids, c => Assert.Single(createdRows, r => r!["entity_id"]!.GetValue<Guid>() == c));
    }

    [Fact]
    public async Task A_refused_write_leaves_no_audit_row()
    {
        var admin = await api.RegisterAsync();
        var before = (await ListAsync(admin, "?limit=1000")).Count;
        await (await admin.Client.PostAsJsonAsync("/api/v1/contacts/", new { first_name = "", last_name = "X" })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var id = Id(await ContactTests.CreateAsync(admin, new { first_name = "Only", last_name = "One" }));
        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/contacts/{id}") { Content = JsonContent.Create(new { company = "Never" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
        await (await admin.Client.SendAsync(stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(before + 1, (await ListAsync(admin, "?limit=1000")).Count);
    }

    [Fact]
    public async Task A_set_based_write_is_one_row_with_the_affected_count_and_what_it_matched_and_set_never_values()
    {
        var admin = await api.RegisterAsync();
        var tag = Id(await (await admin.Client.PostAsJsonAsync("/api/v1/tags/", new { name = "bulk" })).JsonAsync());
        for (var i = 0; i < 3; i++)
        {
            await ContactTests.CreateAsync(admin, new { first_name = $"B{i}", last_name = "Bulk", tags = new[] { "bulk" } });
        }
        // Renaming a tag stamps its contacts in one statement; deleting it removes their links in one.
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchAsJsonAsync($"/api/v1/tags/{tag}", new { name = "renamed-secretly" })).StatusCode);
        var stamped = Assert.Single(await ListAsync(admin, "?entity_type=contacts&action=bulk_updated"));
        Assert.Equal(3, stamped!["affected_count"]!.GetValue<int>());
        var description = stamped["description"]!.GetValue<string>();
        Assert.Contains("updated_at", description, StringComparison.Ordinal);
        Assert.Contains("WHERE", description, StringComparison.Ordinal);
        Assert.DoesNotContain(tag.ToString(), description, StringComparison.OrdinalIgnoreCase);
        Assert.Null(stamped["entity_id"]);
        Assert.Equal(admin.UserId, stamped["user_id"]!.GetValue<Guid>());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Client.DeleteAsync($"/api/v1/tags/{tag}")).StatusCode);
        var unlinked = Assert.Single(await ListAsync(admin, "?entity_type=contact_tags&action=bulk_deleted"));
        Assert.Equal(3, unlinked!["affected_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Tags_created_and_put_on_by_name_are_audited_as_set_based_inserts()
    {
        var admin = await api.RegisterAsync();
        await ContactTests.CreateAsync(admin, new { first_name = "T", last_name = "Tagged", tags = new[] { "alpha", "beta" } });
        var tags = Assert.Single(await ListAsync(admin, "?entity_type=tags&action=bulk_created"));
        Assert.Equal(2, tags!["affected_count"]!.GetValue<int>());
        var links = Assert.Single(await ListAsync(admin, "?entity_type=contact_tags&action=bulk_created"));
        Assert.Equal(2, links!["affected_count"]!.GetValue<int>());
        Assert.Equal(admin.UserId, links["user_id"]!.GetValue<Guid>());

        // Existing tags are met, not created again: only the links are new.
        await ContactTests.CreateAsync(admin, new { first_name = "U", last_name = "Tagged", tags = new[] { "ALPHA" } });
        Assert.Single(await ListAsync(admin, "?entity_type=tags&action=bulk_created"));
        Assert.Equal(2, (await ListAsync(admin, "?entity_type=contact_tags&action=bulk_created")).Count);
    }

    [Fact]
    public async Task Other_tenants_never_see_the_rows_and_their_ids_have_no_history()
    {
        var a = await api.RegisterAsync();
        var b = await api.RegisterAsync();
        var id = Id(await ContactTests.CreateAsync(a, new { first_name = "Secret", last_name = "Contact" }));
        Assert.DoesNotContain(await ListAsync(b, "?limit=1000"), r => r!["entity_id"]?.GetValue<Guid>() == id);
        Assert.Empty(await ListAsync(b, $"?entity_id={id}"));
        await (await b.Client.GetAsync($"/api/v1/contacts/{id}/history")).ProblemAsync(HttpStatusCode.NotFound);
        await (await b.Client.GetAsync($"/api/v1/contacts/{Guid.NewGuid()}/history")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Single(await (await a.Client.GetAsync($"/api/v1/contacts/{id}/history")).JsonArrayAsync());
    }
}

public sealed class AuditTrailTestsOnSqlite(SqliteApiFactory api) : AuditTrailTests(api), IClassFixture<SqliteApiFactory>;

public sealed class AuditTrailTestsOnPostgres(PostgresApiFactory api) : AuditTrailTests(api), IClassFixture<PostgresApiFactory>;
