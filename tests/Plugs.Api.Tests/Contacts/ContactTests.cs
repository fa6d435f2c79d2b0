using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Contacts;

/// <summary>The guide's contact tests, and the API's conventions around them.</summary>
public abstract class ContactTests(PlugsApiFactory api)
{
    internal static async Task<JsonObject> CreateAsync(Account account, object body)
    {
        var response = await account.Client.PostAsJsonAsync("/api/v1/contacts/", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task Create_returns_201_with_snake_case_fields_and_a_derived_lead_score()
    {
        var account = await api.RegisterAsync();
        var response = await account.Client.PostAsJsonAsync("/api/v1/contacts/", new
        {
            first_name = "Jane",
            last_name = "Smith",
            email = "jane.smith@example.com",
            company = "Tech Corp",
            contact_type = "target",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var data = await response.JsonAsync();
        Assert.Equal("Jane", data["first_name"]!.GetValue<string>());
        Assert.Equal("target", data["contact_type"]!.GetValue<string>());
        Assert.Equal(15, data["lead_score"]!.GetValue<int>()); // cold_lead 5 + medium 10, no interactions yet
        Assert.Equal("derived", data["lead_score_source"]!.GetValue<string>());
        Assert.Equal("cold_lead", data["status"]!.GetValue<string>());
        Assert.Equal("medium", data["priority"]!.GetValue<string>());
        Assert.Equal("Jane Smith", data["full_name"]!.GetValue<string>());
        Assert.Equal(account.UserId, data["created_by"]!.GetValue<Guid>());
        Assert.Equal($"/api/v1/contacts/{data["id"]}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task List_with_type_and_status_filters_returns_a_json_array_of_just_those()
    {
        var account = await api.RegisterAsync();
        await CreateAsync(account, new { first_name = "P", last_name = "Hot", contact_type = "plug", status = "hot_lead" });
        await CreateAsync(account, new { first_name = "P", last_name = "Cold", contact_type = "plug", status = "cold_lead" });
        await CreateAsync(account, new { first_name = "T", last_name = "Hot", contact_type = "target", status = "hot_lead" });

        var response = await account.Client.GetAsync("/api/v1/contacts/?contact_type=plug&status=hot_lead");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await response.JsonArrayAsync();
        var only = Assert.Single(list);
        Assert.Equal("Hot", only!["last_name"]!.GetValue<string>());
        Assert.Equal("1", response.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Get_returns_the_contact_with_its_interaction_history()
    {
        var account = await api.RegisterAsync();
        var contact = await CreateAsync(account, new { first_name = "Ian", last_name = "History" });
        var id = contact["id"]!.GetValue<Guid>();
        foreach (var day in new[] { 3, 9 })
        {
            var created = await account.Client.PostAsJsonAsync($"/api/v1/contacts/{id}/interactions",
                new { interaction_type = "call", interaction_date = $"2026-10-{day:00}T09:00:00Z", subject = $"call {day}" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var response = await account.Client.GetAsync($"/api/v1/contacts/{id}");
        var data = await response.JsonAsync();
        var interactions = data["interactions"]!.AsArray();
        Assert.Equal(["call 9", "call 3"], interactions.Select(i => i!["subject"]!.GetValue<string>()));
        Assert.Equal(DateTime.Parse("2026-10-09T09:00:00Z").ToUniversalTime(), data["last_interaction"]!.GetValue<DateTime>().ToUniversalTime());
        Assert.NotNull(response.Headers.ETag);
        Assert.Empty(data["relationships"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"first_name":"A","last_name":"B","lead_score":150}""", "lead_score")]
    [InlineData("""{"first_name":"A","last_name":"B","lead_score":-1}""", "lead_score")]
    [InlineData("""{"first_name":"A","last_name":"B","contact_type":"friend"}""", "contact_type")]
    [InlineData("""{"first_name":"A","last_name":"B","status":"warm"}""", "status")]
    [InlineData("""{"last_name":"B"}""", "first_name")]
    [InlineData("""{"first_name":"A","last_name":"B","email":"nope"}""", "email")]
    [InlineData("""{"first_name":"A","last_name":"B","lead_score":"high"}""", "lead_score")]
    [InlineData("""{"first_name":"A","last_name":"B","metadata":[1,2]}""", "metadata")]
    [InlineData("""{"first_name":"A","last_name":"B","organization_id":"00000000-0000-0000-0000-000000000001"}""", "organization_id")]
    [InlineData("""{"first_name":"A","last_name":"B","last_interaction":"2026-01-01T00:00:00Z"}""", "last_interaction")]
    [InlineData("""{"first_name":"A","last_name":"B","created_by":"00000000-0000-0000-0000-000000000001"}""", "created_by")]
    [InlineData("""{"first_name":"A","last_name":"B","tags":[null]}""", "tags")]
    [InlineData("""{"first_name":"A","last_name":"B","tags":["  "]}""", "tags")]
    [InlineData("""{"first_name":"A","last_name":"B","tags":["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]}""", "tags")]
    [InlineData("""{"first_name":"A","last_name":"B","tags":["a\u0007b"]}""", "tags")]
    [InlineData("""{"first_name":"A","last_name":"B","tags":["t0","t1","t2","t3","t4","t5","t6","t7","t8","t9","t10","t11","t12","t13","t14","t15","t16","t17","t18","t19","t20","t21","t22","t23","t24","t25","t26","t27","t28","t29","t30","t31","t32","t33","t34","t35","t36","t37","t38","t39","t40","t41","t42","t43","t44","t45","t46","t47","t48","t49","t50"]}""", "tags")]
    public async Task Bad_input_is_422_keyed_by_field_and_creates_nothing(string json, string field)
    {
        var account = await api.RegisterAsync();
        var problem = await (await account.Client.PostAsync("/api/v1/contacts/", Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]![field]);
        var list = await account.Client.GetAsync("/api/v1/contacts/");
        Assert.Equal("0", list.Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Oversize_fields_are_422()
    {
        var account = await api.RegisterAsync();
        var problem = await (await account.Client.PostAsJsonAsync("/api/v1/contacts/", new
        {
            first_name = new string('a', 51),
            last_name = "B",
            company = new string('c', 101),
            notes = new string('n', 50_001),
        })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["first_name"]);
        Assert.NotNull(problem["errors"]!["company"]);
        Assert.NotNull(problem["errors"]!["notes"]);
    }

    [Fact]
    public async Task Unknown_filter_values_are_422()
    {
        var account = await api.RegisterAsync();
        await (await account.Client.GetAsync("/api/v1/contacts/?status=warm")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.GetAsync("/api/v1/contacts/?contact_type=friend")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.GetAsync("/api/v1/contacts/?min_lead_score=90&max_lead_score=10")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.GetAsync("/api/v1/contacts/?sort=password")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Search_tags_score_and_sort_filter_in_the_database()
    {
        var account = await api.RegisterAsync();
        await CreateAsync(account, new { first_name = "Zed", last_name = "Alpha", company = "Rocket Labs", lead_score = 80, tags = new[] { "vip" } });
        await CreateAsync(account, new { first_name = "Amy", last_name = "Beta", job_title = "Rocket scientist", lead_score = 20 });
        await CreateAsync(account, new { first_name = "Bob", last_name = "Gamma", notes = "met at the bakery", lead_score = 50, tags = new[] { "vip", "baker" } });

        async Task<List<string>> Names(string query) =>
            (await (await account.Client.GetAsync($"/api/v1/contacts/?{query}")).JsonArrayAsync()).Select(c => c!["last_name"]!.GetValue<string>()).ToList();

        Assert.Equal(["Alpha", "Beta"], await Names("q=ROCKET&sort=last_name"));
        Assert.Equal(["Gamma"], await Names("q=bakery"));
        Assert.Equal(["Alpha", "Gamma"], await Names("tag=vip&sort=last_name"));
        Assert.Equal(["Gamma", "Alpha"], await Names("min_lead_score=50&sort=lead_score"));
        Assert.Equal(["Alpha", "Gamma", "Beta"], await Names("sort=-lead_score"));
        Assert.Empty(await Names("q=100%25"));
    }

    [Fact]
    public async Task Patch_changes_only_the_sent_fields_and_honours_if_match()
    {
        var account = await api.RegisterAsync();
        var contact = await CreateAsync(account, new { first_name = "Pat", last_name = "Old", company = "Keep Co", phone = "+1 555 0100" });
        var id = contact["id"]!.GetValue<Guid>();
        var etag = (await account.Client.GetAsync($"/api/v1/contacts/{id}")).Headers.ETag!.Tag;

        var patched = await account.Client.PatchAsJsonAsync($"/api/v1/contacts/{id}", new { last_name = "New", phone = (string?)null, status = "hot_lead", lead_score = 70, tags = new[] { "x" } });
        var body = await patched.JsonAsync();
        Assert.Equal("New", body["last_name"]!.GetValue<string>());
        Assert.Equal("Keep Co", body["company"]!.GetValue<string>());
        Assert.Null(body["phone"]);
        Assert.Equal("hot_lead", body["status"]!.GetValue<string>());
        Assert.Equal(["x"], body["tags"]!.AsArray().Select(t => t!.GetValue<string>()));

        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/contacts/{id}") { Content = JsonContent.Create(new { last_name = "Lost" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        await (await account.Client.SendAsync(stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        var reread = await (await account.Client.GetAsync($"/api/v1/contacts/{id}")).JsonAsync();
        Assert.Equal("New", reread["last_name"]!.GetValue<string>());

        var refused = await (await account.Client.PatchAsJsonAsync($"/api/v1/contacts/{id}", new { lead_score = 150 })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(refused["errors"]!["lead_score"]);
    }

    [Fact]
    public async Task Delete_hides_the_contact_and_restore_brings_it_back()
    {
        var account = await api.RegisterAsync();
        var id = (await CreateAsync(account, new { first_name = "Del", last_name = "Me" }))["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/api/v1/contacts/{id}")).StatusCode);
        await (await account.Client.GetAsync($"/api/v1/contacts/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await (await account.Client.GetAsync("/api/v1/contacts/")).JsonArrayAsync());
        Assert.Equal(HttpStatusCode.OK, (await account.Client.PostAsync($"/api/v1/contacts/{id}/restore", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await account.Client.GetAsync($"/api/v1/contacts/{id}")).StatusCode);
        await (await account.Client.PostAsync($"/api/v1/contacts/{id}/restore", null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Idempotency_key_replays_the_first_answer_and_creates_one_row()
    {
        var account = await api.RegisterAsync();
        async Task<HttpResponseMessage> Post(object body, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/contacts/") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await account.Client.SendAsync(request);
        }
        var body = new { first_name = "Once", last_name = "Only" };
        var first = await Post(body, "key-1");
        var second = await Post(body, "key-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal((await first.JsonAsync())["id"]!.GetValue<Guid>(), (await second.JsonAsync())["id"]!.GetValue<Guid>());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        await (await Post(new { first_name = "Other", last_name = "Body" }, "key-1")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("1", (await account.Client.GetAsync("/api/v1/contacts/")).Headers.GetValues("X-Total-Count").Single());
    }

    [Fact]
    public async Task Another_organizations_contact_is_404_for_every_verb_and_stays_unchanged()
    {
        var mine = await api.RegisterAsync();
        var theirs = await api.RegisterAsync();
        var id = (await CreateAsync(theirs, new { first_name = "Secret", last_name = "Contact" }))["id"]!.GetValue<Guid>();

        await (await mine.Client.GetAsync($"/api/v1/contacts/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PatchAsJsonAsync($"/api/v1/contacts/{id}", new { last_name = "Hacked" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.DeleteAsync($"/api/v1/contacts/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PostAsync($"/api/v1/contacts/{id}/restore", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.GetAsync($"/api/v1/contacts/{id}/interactions")).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PostAsJsonAsync($"/api/v1/contacts/{id}/interactions", new { interaction_type = "call", interaction_date = "2026-01-01T00:00:00Z" }))
            .ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await (await mine.Client.GetAsync("/api/v1/contacts/")).JsonArrayAsync());

        var still = await (await theirs.Client.GetAsync($"/api/v1/contacts/{id}")).JsonAsync();
        Assert.Equal("Contact", still["last_name"]!.GetValue<string>());
        Assert.Empty(still["interactions"]!.AsArray());
    }

    [Fact]
    public async Task Without_a_token_contacts_are_401()
    {
        using var anonymous = api.CreateAnonymousClient();
        await (await anonymous.GetAsync("/api/v1/contacts/")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/v1/contacts/", new { first_name = "A", last_name = "B" })).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class ContactTestsOnSqlite(SqliteApiFactory api) : ContactTests(api), IClassFixture<SqliteApiFactory>;

public sealed class ContactTestsOnPostgres(PostgresApiFactory api) : ContactTests(api), IClassFixture<PostgresApiFactory>;
