using System.Net;
using Plugs.Api.Tests.Infrastructure;
using static Plugs.Api.Tests.Users.UserApi;

namespace Plugs.Api.Tests.Users;

public abstract class UserListTests(PlugsApiFactory api)
{
    /// <summary>
    /// An admin ("Ada Admin") and four members, created in this order, named so that sorting by
    /// last name gives a different order: Admin, Baker, Carter, Dunn, Evans.
    /// </summary>
    private async Task<(Account Admin, Account FirstMember, List<Guid> CreationOrder)> OrganizationOfFiveAsync()
    {
        var admin = await api.RegisterAsync();
        var ids = new List<Guid> { admin.UserId };
        Account? first = null;
        foreach (var (firstName, lastName) in new[] { ("Cleo", "Dunn"), ("Bea", "Baker"), ("Eli", "Carter"), ("Al", "Evans") })
        {
            var member = await api.AddMemberAsync(admin);
            first ??= member;
            var renamed = await admin.Client.PatchJsonAsync(UserUrl(member.UserId), $$"""{"first_name":"{{firstName}}","last_name":"{{lastName}}"}""");
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
            ids.Add(member.UserId);
        }
        return (admin, first!, ids);
    }

    [Fact]
    public async Task Members_and_admins_list_every_user_of_their_organization_as_an_array_with_its_total()
    {
        var (admin, member, creationOrder) = await OrganizationOfFiveAsync();

        foreach (var client in new[] { admin.Client, member.Client })
        {
            var response = await client.GetAsync(UsersUrl);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(5, response.TotalCount());
            Assert.Null(response.Header("Link"));
            var users = await response.JsonArrayAsync();
            Assert.Equal(creationOrder, users.Ids()); // default sort: created_at ascending
            Assert.All(users, u =>
            {
                Assert.Equal(admin.OrganizationId, u!["organization_id"]!.GetValue<Guid>());
                Assert.Null(u["password_hash"]);
                Assert.Equal($"{u.Text("first_name")} {u.Text("last_name")}", u.Text("full_name"));
            });
        }
    }

    [Fact]
    public async Task Pages_follow_skip_and_limit_with_next_and_prev_links()
    {
        var (admin, _, _) = await OrganizationOfFiveAsync();
        var all = (await admin.Client.ListOkAsync($"{UsersUrl}?sort=last_name")).Ids();

        var first = await admin.Client.GetAsync($"{UsersUrl}?sort=last_name&limit=2");
        Assert.Equal(5, first.TotalCount());
        var link = first.Header("Link")!;
        Assert.Contains("rel=\"next\"", link, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"prev\"", link, StringComparison.Ordinal);
        Assert.Contains("sort=last_name", link, StringComparison.Ordinal);
        Assert.Contains("skip=2&limit=2", link, StringComparison.Ordinal);

        var middle = await admin.Client.GetAsync($"{UsersUrl}?sort=last_name&skip=2&limit=2");
        link = middle.Header("Link")!;
        Assert.Matches("skip=4&limit=2>; rel=\"next\"", link);
        Assert.Matches("skip=0&limit=2>; rel=\"prev\"", link);

        var last = await admin.Client.GetAsync($"{UsersUrl}?sort=last_name&skip=4&limit=2");
        link = last.Header("Link")!;
        Assert.DoesNotContain("rel=\"next\"", link, StringComparison.Ordinal);
        Assert.Matches("skip=2&limit=2>; rel=\"prev\"", link);

        var paged = (await first.JsonArrayAsync()).Ids().Concat((await middle.JsonArrayAsync()).Ids()).Concat((await last.JsonArrayAsync()).Ids());
        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task A_skip_past_the_end_is_an_empty_page_with_the_total_and_no_next_link()
    {
        var admin = await api.RegisterAsync();
        foreach (var skip in new[] { 1, 1000, int.MaxValue })
        {
            var response = await admin.Client.GetAsync($"{UsersUrl}?skip={skip}&limit=1000");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(await response.JsonArrayAsync());
            Assert.Equal(1, response.TotalCount());
            var link = response.Header("Link") ?? "";
            Assert.DoesNotContain("rel=\"next\"", link, StringComparison.Ordinal);
            Assert.DoesNotContain("skip=-", link, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("skip=-1", "skip")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("skip=-1&limit=5000", "skip")]
    [InlineData("skip=-1&limit=5000", "limit")]
    public async Task Out_of_range_paging_is_422_keyed_by_parameter(string query, string field)
    {
        var admin = await api.RegisterAsync();
        await (await admin.Client.GetAsync($"{UsersUrl}?{query}")).AssertInvalidAsync(field);
    }

    [Fact]
    public async Task Limits_at_the_bounds_are_accepted()
    {
        var admin = await api.RegisterAsync();
        await api.AddMemberAsync(admin);
        Assert.Single(await admin.Client.ListOkAsync($"{UsersUrl}?limit=1"));
        Assert.Equal(2, (await admin.Client.ListOkAsync($"{UsersUrl}?limit=1000&skip=0")).Count);
    }

    [Fact]
    public async Task Filters_on_is_admin_is_active_and_is_verified()
    {
        var admin = await api.RegisterAsync(); // registered: admin, not verified
        var coAdmin = await api.AddMemberAsync(admin, isAdmin: true); // invited: verified
        var member = await api.AddMemberAsync(admin);
        var inactive = await api.AddMemberAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchJsonAsync(UserUrl(inactive.UserId), """{"is_active":false}""")).StatusCode);

        async Task Expect(string query, params Guid[] expected)
        {
            var response = await member.Client.GetAsync($"{UsersUrl}?{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(expected.Order(), (await response.JsonArrayAsync()).Ids().Order());
            Assert.Equal(expected.Length, response.TotalCount());
        }

        await Expect("is_admin=true", admin.UserId, coAdmin.UserId);
        await Expect("is_admin=false", member.UserId, inactive.UserId);
        await Expect("is_active=false", inactive.UserId);
        await Expect("is_active=true", admin.UserId, coAdmin.UserId, member.UserId);
        await Expect("is_verified=false", admin.UserId);
        await Expect("is_verified=true&is_admin=false&is_active=true", member.UserId);
    }

    [Fact]
    public async Task Q_searches_email_and_full_name_case_insensitively_and_treats_wildcards_literally()
    {
        var (admin, _, _) = await OrganizationOfFiveAsync();
        var all = await admin.Client.ListOkAsync(UsersUrl);
        var bea = all.Single(u => u!.Text("last_name") == "Baker")!;

        Assert.Equal([bea["id"]!.GetValue<Guid>()], (await admin.Client.ListOkAsync($"{UsersUrl}?q=bEA%20bAKER")).Ids());
        var emailPart = bea.Text("email")[7..20].ToUpperInvariant();
        Assert.Equal([bea["id"]!.GetValue<Guid>()], (await admin.Client.ListOkAsync($"{UsersUrl}?q={emailPart}")).Ids());
        Assert.Equal(5, (await admin.Client.ListOkAsync($"{UsersUrl}?q=example.test")).Count);

        foreach (var q in new[] { "nobody-at-all", "%25", "_", "%5C" })
        {
            var response = await admin.Client.GetAsync($"{UsersUrl}?q={q}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(await response.JsonArrayAsync());
            Assert.Equal(0, response.TotalCount());
        }
    }

    [Fact]
    public async Task An_oversize_q_is_422()
    {
        var admin = await api.RegisterAsync();
        await (await admin.Client.GetAsync($"{UsersUrl}?q={new string('a', 256)}")).AssertInvalidAsync("q");
    }

    [Fact]
    public async Task Sorts_by_one_or_several_fields_in_either_direction()
    {
        var (admin, _, creationOrder) = await OrganizationOfFiveAsync();
        var byLastName = new[] { "Admin", "Baker", "Carter", "Dunn", "Evans" };

        var ascending = await admin.Client.ListOkAsync($"{UsersUrl}?sort=last_name");
        Assert.Equal(byLastName, ascending.Select(u => u!.Text("last_name")));
        var descending = await admin.Client.ListOkAsync($"{UsersUrl}?sort=-last_name");
        Assert.Equal(Enumerable.Reverse(byLastName), descending.Select(u => u!.Text("last_name")));

        var newestFirst = await admin.Client.ListOkAsync($"{UsersUrl}?sort=-created_at,last_name");
        Assert.Equal(Enumerable.Reverse(creationOrder), newestFirst.Ids());
        var explicitAscending = await admin.Client.ListOkAsync($"{UsersUrl}?sort=%2Bcreated_at");
        Assert.Equal(creationOrder, explicitAscending.Ids());
    }

    [Theory]
    [InlineData("password_hash")]
    [InlineData("nope")]
    [InlineData("-organization_id")]
    [InlineData("last_name,-")]
    [InlineData("email,last_name,first_name,created_at,updated_at,last_login")]
    [InlineData(",")]
    public async Task An_unknown_or_malformed_sort_is_422_keyed_sort(string sort)
    {
        var admin = await api.RegisterAsync();
        await (await admin.Client.GetAsync($"{UsersUrl}?sort={Uri.EscapeDataString(sort)}")).AssertInvalidAsync("sort");
    }

    [Fact]
    public async Task Users_endpoints_need_a_token()
    {
        var admin = await api.RegisterAsync();
        using var anonymous = api.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(UsersUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(UserUrl(admin.UserId))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PatchJsonAsync(UserUrl(admin.UserId), """{"first_name":"X"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync(UserUrl(admin.UserId), null)).StatusCode);
        using var forged = api.CreateClient("not-a-jwt");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync(UsersUrl)).StatusCode);
        Assert.Equal("Ada", (await admin.Client.GetOkAsync(UserUrl(admin.UserId))).Text("first_name"));
    }
}

public sealed class UserListTestsOnSqlite(SqliteApiFactory api) : UserListTests(api), IClassFixture<SqliteApiFactory>;

public sealed class UserListTestsOnPostgres(PostgresApiFactory api) : UserListTests(api), IClassFixture<PostgresApiFactory>;
