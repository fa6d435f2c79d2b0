using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Network.NetworkApi;

namespace Plugs.Api.Tests.Network;

public abstract class IntroductionTests(PlugsApiFactory api)
{
    private static async Task<JsonObject> ActAsync(Account account, Guid id, string action)
    {
        var response = await account.Client.PostAsync($"/api/v1/introductions/{id}/{action}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static DateTime Time(JsonObject body, string field) => body[field]!.GetValue<DateTime>().ToUniversalTime();

    [Fact]
    public async Task Request_returns_201_requested_by_the_caller_now()
    {
        var account = await api.RegisterAsync();
        var member = await api.AddMemberAsync(account);
        var (plug, target) = (await ContactAsync(account, "Pat", "plug"), await ContactAsync(account, "Tia"));
        var before = DateTime.UtcNow.AddSeconds(-5);
        var response = await member.Client.PostAsJsonAsync("/api/v1/introductions", new { plug_contact_id = plug, target_contact_id = target, message = "Please?" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var id = body["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/v1/introductions/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("requested", body["status"]!.GetValue<string>());
        Assert.Equal(member.UserId, body["requested_by"]!.GetValue<Guid>());
        Assert.Equal(plug, body["plug_contact_id"]!.GetValue<Guid>());
        Assert.Equal(target, body["target_contact_id"]!.GetValue<Guid>());
        Assert.Equal("Please?", body["message"]!.GetValue<string>());
        Assert.InRange(Time(body, "requested_at"), before, DateTime.UtcNow.AddSeconds(5));
        Assert.Null(body["responded_at"]);
        Assert.Null(body["made_at"]);
        Assert.Null(body["completed_at"]);

        var read = await account.Client.GetAsync($"/api/v1/introductions/{id}");
        Assert.Equal(response.Headers.ETag, read.Headers.ETag);
        Assert.Equal(Time(body, "requested_at"), Time(await read.JsonAsync(), "requested_at"));
    }

    [Theory]
    [InlineData("""{"target_contact_id":"{target}"}""", "plug_contact_id")]
    [InlineData("""{"plug_contact_id":"{plug}"}""", "target_contact_id")]
    [InlineData("""{"plug_contact_id":5,"target_contact_id":"{target}"}""", "plug_contact_id")]
    [InlineData("""{"plug_contact_id":"{plug}","target_contact_id":"{target}","message":["hi"]}""", "message")]
    [InlineData("""{"plug_contact_id":"{plug}","target_contact_id":"{target}","status":"completed"}""", "status")]
    [InlineData("""{"plug_contact_id":"{plug}","target_contact_id":"{target}","requested_by":"00000000-0000-0000-0000-000000000001"}""", "requested_by")]
    [InlineData("""{"plug_contact_id":"{plug}","target_contact_id":"{target}","organization_id":"00000000-0000-0000-0000-000000000001"}""", "organization_id")]
    [InlineData("""{"plug_contact_id":"{plug}","target_contact_id":"{target}","requested_at":"2020-01-01T00:00:00Z"}""", "requested_at")]
    [InlineData("""{"plug_contact_id":"{plug}","target_contact_id":"{plug}"}""", "target_contact_id")]
    public async Task Bad_input_is_422_keyed_by_field_and_creates_nothing(string template, string field)
    {
        var account = await api.RegisterAsync();
        var (plug, target) = (await ContactAsync(account, "Pat", "plug"), await ContactAsync(account, "Tia"));
        var json = template.Replace("{plug}", plug.ToString(), StringComparison.Ordinal).Replace("{target}", target.ToString(), StringComparison.Ordinal);
        var problem = await (await account.Client.PostAsync("/api/v1/introductions", Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal("0", await TotalAsync(account, "/api/v1/introductions"));
    }

    [Fact]
    public async Task The_plug_must_be_a_plug_or_a_known_contact_not_a_target()
    {
        var account = await api.RegisterAsync();
        var (target, other) = (await ContactAsync(account, "Tia"), await ContactAsync(account, "Tom"));
        var problem = await (await account.Client.PostAsJsonAsync("/api/v1/introductions", new { plug_contact_id = other, target_contact_id = target }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("invalid_plug", problem["code"]!.GetValue<string>());
        Assert.NotNull(problem["errors"]!["plug_contact_id"]);
        Assert.Equal("0", await TotalAsync(account, "/api/v1/introductions"));

        // Someone we know can introduce us too, and a target may be asked about any contact.
        var known = await ContactAsync(account, "Kim", "contact");
        Assert.Equal(known, (await IntroductionAsync(account, known, target))["plug_contact_id"]!.GetValue<Guid>());
        await IntroductionAsync(account, await ContactAsync(account, "Pat", "plug"), known);
        Assert.Equal(HttpStatusCode.OK, (await account.Client.PatchAsJsonAsync($"/api/v1/contacts/{other}", new { contact_type = "plug" })).StatusCode);
        await IntroductionAsync(account, other, target);
    }

    [Fact]
    public async Task The_happy_path_stamps_each_step_in_order()
    {
        var account = await api.RegisterAsync();
        var id = (await IntroductionAsync(account, await ContactAsync(account, "Pat", "plug"), await ContactAsync(account, "Tia")))["id"]!.GetValue<Guid>();

        var accepted = await ActAsync(account, id, "accept");
        Assert.Equal("accepted", accepted["status"]!.GetValue<string>());
        Assert.NotNull(accepted["responded_at"]);
        Assert.Null(accepted["made_at"]);
        var made = await ActAsync(account, id, "make");
        Assert.Equal("made", made["status"]!.GetValue<string>());
        Assert.True(Time(made, "made_at") >= Time(made, "responded_at"));
        Assert.Equal(Time(accepted, "responded_at"), Time(made, "responded_at"));
        var completed = await ActAsync(account, id, "complete");
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.True(Time(completed, "completed_at") >= Time(completed, "made_at"));

        var read = await account.Client.GetAsync($"/api/v1/introductions/{id}");
        var body = await read.JsonAsync();
        Assert.Equal("completed", body["status"]!.GetValue<string>());
        Assert.Equal(Time(completed, "completed_at"), Time(body, "completed_at"));
        Assert.Equal(Time(completed, "updated_at"), Time(body, "updated_at"));
    }

    [Theory]
    [InlineData(new string[0], "decline", "declined")]
    [InlineData(new[] { "accept" }, "decline", "declined")]
    public async Task Decline_is_allowed_before_the_intro_is_made_and_stamps_responded_at(string[] before, string action, string status)
    {
        var account = await api.RegisterAsync();
        var id = (await IntroductionAsync(account, await ContactAsync(account, "Pat", "plug"), await ContactAsync(account, "Tia")))["id"]!.GetValue<Guid>();
        foreach (var step in before)
        {
            await ActAsync(account, id, step);
        }
        var body = await ActAsync(account, id, action);
        Assert.Equal(status, body["status"]!.GetValue<string>());
        Assert.NotNull(body["responded_at"]);
        Assert.Null(body["made_at"]);
    }

    [Theory]
    [InlineData(new string[0], "make", "requested")]
    [InlineData(new string[0], "complete", "requested")]
    [InlineData(new[] { "accept" }, "accept", "accepted")]
    [InlineData(new[] { "accept" }, "complete", "accepted")]
    [InlineData(new[] { "decline" }, "accept", "declined")]
    [InlineData(new[] { "decline" }, "make", "declined")]
    [InlineData(new[] { "accept", "make" }, "decline", "made")]
    [InlineData(new[] { "accept", "make" }, "accept", "made")]
    [InlineData(new[] { "accept", "make", "complete" }, "decline", "completed")]
    [InlineData(new[] { "accept", "make", "complete" }, "complete", "completed")]
    public async Task An_invalid_transition_is_409_naming_the_current_status_and_changes_nothing(string[] before, string action, string current)
    {
        var account = await api.RegisterAsync();
        var id = (await IntroductionAsync(account, await ContactAsync(account, "Pat", "plug"), await ContactAsync(account, "Tia")))["id"]!.GetValue<Guid>();
        foreach (var step in before)
        {
            await ActAsync(account, id, step);
        }
        var url = $"/api/v1/introductions/{id}";
        var etag = (await account.Client.GetAsync(url)).Headers.ETag!.Tag;
        var problem = await (await account.Client.PostAsync($"{url}/{action}", null)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("invalid_transition", problem["code"]!.GetValue<string>());
        Assert.Equal(current, problem["from"]!.GetValue<string>());
        Assert.Equal(action switch { "accept" => "accepted", "decline" => "declined", "make" => "made", _ => "completed" }, problem["to"]!.GetValue<string>());
        string[] next = current switch { "requested" => ["accepted", "declined"], "accepted" => ["declined", "made"], "made" => ["completed"], _ => [] };
        Assert.Equal(next, problem["allowed"]!.AsArray().Select(a => a!.GetValue<string>()).Order());
        Assert.Contains(current, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var after = await account.Client.GetAsync(url);
        Assert.Equal(current, (await after.JsonAsync())["status"]!.GetValue<string>());
        Assert.Equal(etag, after.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task List_filters_sorts_and_pages()
    {
        var account = await api.RegisterAsync();
        var (p1, p2) = (await ContactAsync(account, "P1", "plug"), await ContactAsync(account, "P2", "plug"));
        var (t1, t2) = (await ContactAsync(account, "T1"), await ContactAsync(account, "T2"));
        var a = (await IntroductionAsync(account, p1, t1))["id"]!.GetValue<Guid>();
        var b = (await IntroductionAsync(account, p1, t2))["id"]!.GetValue<Guid>();
        var c = (await IntroductionAsync(account, p2, t2))["id"]!.GetValue<Guid>();
        await ActAsync(account, b, "accept");

        async Task<List<Guid>> Ids(string query) =>
            (await (await account.Client.GetAsync($"/api/v1/introductions?{query}")).JsonArrayAsync()).Select(i => i!["id"]!.GetValue<Guid>()).ToList();
        Assert.Equal([c, b, a], await Ids(""));
        Assert.Equal([a, b, c], await Ids("sort=requested_at"));
        Assert.Equal([b], await Ids("status=accepted"));
        Assert.Equal([b, a], await Ids($"plug_contact_id={p1}"));
        Assert.Equal([c, b], await Ids($"target_contact_id={t2}"));
        Assert.Equal([c], await Ids($"target_contact_id={t2}&status=requested"));
        Assert.Equal([b], await Ids("skip=1&limit=1"));
        Assert.Equal("3", await TotalAsync(account, "/api/v1/introductions?limit=1"));

        await (await account.Client.GetAsync("/api/v1/introductions?status=pending")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.GetAsync("/api/v1/introductions?sort=message")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.GetAsync("/api/v1/introductions?plug_contact_id=abc")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.GetAsync("/api/v1/introductions?limit=0")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Patch_sets_message_and_outcome_but_not_status_and_honours_if_match()
    {
        var account = await api.RegisterAsync();
        var id = (await IntroductionAsync(account, await ContactAsync(account, "Pat", "plug"), await ContactAsync(account, "Tia"), "hello"))["id"]!.GetValue<Guid>();
        var url = $"/api/v1/introductions/{id}";
        var etag = (await account.Client.GetAsync(url)).Headers.ETag!.Tag;

        var patched = await account.Client.PatchAsJsonAsync(url, new { outcome = "Meeting booked" });
        var body = await patched.JsonAsync();
        Assert.Equal("Meeting booked", body["outcome"]!.GetValue<string>());
        Assert.Equal("hello", body["message"]!.GetValue<string>());

        using var stale = WithIfMatch(HttpMethod.Patch, url, etag, new { message = "lost" });
        await (await account.Client.SendAsync(stale)).ProblemAsync(HttpStatusCode.PreconditionFailed);
        using var staleAction = WithIfMatch(HttpMethod.Post, $"{url}/accept", etag);
        await (await account.Client.SendAsync(staleAction)).ProblemAsync(HttpStatusCode.PreconditionFailed);

        foreach (var json in new[] { """{"status":"completed"}""", """{"plug_contact_id":"00000000-0000-0000-0000-000000000001"}""", """{"outcome":7}""" })
        {
            await (await account.Client.PatchAsync(url, Accounts.Json(json))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        }
        await (await account.Client.PatchAsJsonAsync(url, new { message = new string('m', 10_001) })).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var reread = await (await account.Client.GetAsync(url)).JsonAsync();
        Assert.Equal("requested", reread["status"]!.GetValue<string>());
        Assert.Equal("hello", reread["message"]!.GetValue<string>());
        Assert.Equal("Meeting booked", reread["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_organizations_contacts_and_introductions_are_404_and_stay_unchanged()
    {
        var mine = await api.RegisterAsync();
        var theirs = await api.RegisterAsync();
        var (myPlug, myTarget) = (await ContactAsync(mine, "Mp", "plug"), await ContactAsync(mine, "Mt"));
        var (theirPlug, theirTarget) = (await ContactAsync(theirs, "Tp", "plug"), await ContactAsync(theirs, "Tt"));
        var id = (await IntroductionAsync(theirs, theirPlug, theirTarget, "theirs"))["id"]!.GetValue<Guid>();
        var url = $"/api/v1/introductions/{id}";

        await (await mine.Client.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PatchAsJsonAsync(url, new { message = "hacked" })).ProblemAsync(HttpStatusCode.NotFound);
        foreach (var action in new[] { "accept", "decline", "make", "complete" })
        {
            await (await mine.Client.PostAsync($"{url}/{action}", null)).ProblemAsync(HttpStatusCode.NotFound);
        }
        await (await mine.Client.PostAsJsonAsync("/api/v1/introductions", new { plug_contact_id = theirPlug, target_contact_id = myTarget })).ProblemAsync(HttpStatusCode.NotFound);
        await (await mine.Client.PostAsJsonAsync("/api/v1/introductions", new { plug_contact_id = myPlug, target_contact_id = theirTarget })).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await (await mine.Client.GetAsync($"/api/v1/introductions?plug_contact_id={theirPlug}")).JsonArrayAsync());
        Assert.Equal("0", await TotalAsync(mine, "/api/v1/introductions"));

        var still = await (await theirs.Client.GetAsync(url)).JsonAsync();
        Assert.Equal("requested", still["status"]!.GetValue<string>());
        Assert.Equal("theirs", still["message"]!.GetValue<string>());
        Assert.Equal("1", await TotalAsync(theirs, "/api/v1/introductions"));
    }

    [Fact]
    public async Task Without_a_token_introductions_are_401()
    {
        using var anonymous = api.CreateAnonymousClient();
        var id = Guid.NewGuid();
        await (await anonymous.GetAsync("/api/v1/introductions")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/v1/introductions", new { plug_contact_id = id, target_contact_id = Guid.NewGuid() })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"/api/v1/introductions/{id}")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PatchAsJsonAsync($"/api/v1/introductions/{id}", new { outcome = "x" })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync($"/api/v1/introductions/{id}/accept", null)).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class IntroductionTestsOnSqlite(SqliteApiFactory api) : IntroductionTests(api), IClassFixture<SqliteApiFactory>;

public sealed class IntroductionTestsOnPostgres(PostgresApiFactory api) : IntroductionTests(api), IClassFixture<PostgresApiFactory>;
