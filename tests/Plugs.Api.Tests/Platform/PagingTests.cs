using System.Net;
using Plugs.Api.Tests.Events;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Api.Tests.Network;

namespace Plugs.Api.Tests.Platform;

/// <summary>The pagination helper's arithmetic holds at the edges of its range, for every list.</summary>
public abstract class PagingTests(PlugsApiFactory api)
{
    public static TheoryData<string> Lists => new()
    {
        "/api/v1/contacts/", "/api/v1/contacts/duplicates", "/api/v1/users", "/api/v1/tags", "/api/v1/events",
        "/api/v1/introductions", "/api/v1/follow-ups", "/api/v1/auth/invitations",
        "/api/v1/contacts/{contact}/interactions", "/api/v1/contacts/{contact}/relationships", "/api/v1/events/{event}/attendees",
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task The_last_possible_page_is_an_empty_page_and_past_it_is_422(string list)
    {
        var account = await api.RegisterAsync(organization: "Paging");
        var contact = await NetworkApi.ContactAsync(account, "Paged");
        // Two contacts that look alike, so the duplicates list has something to page past.
        await NetworkApi.ContactAsync(account, "Paged");
        var url = list.Replace("{contact}", contact.ToString(), StringComparison.Ordinal)
            .Replace("{event}", (await account.CreateEventIdAsync()).ToString(), StringComparison.Ordinal);

        var last = await account.Client.GetAsync($"{url}?skip=2147483647&limit=1000");
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Empty(await last.JsonArrayAsync());
        Assert.True(last.Headers.Contains("X-Total-Count"), "no X-Total-Count");
        Assert.DoesNotContain("rel=\"next\"", string.Join(",", last.Headers.TryGetValues("Link", out var links) ? links : []), StringComparison.Ordinal);

        foreach (var bad in new[] { "skip=2147483648", "skip=-1", "limit=0", "limit=1001", "limit=99999999999" })
        {
            var problem = await (await account.Client.GetAsync($"{url}?{bad}")).ProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("validation_failed", problem["code"]!.GetValue<string>());
        }
    }
}

public sealed class PagingTestsOnSqlite(SqliteApiFactory api) : PagingTests(api), IClassFixture<SqliteApiFactory>;

public sealed class PagingTestsOnPostgres(PostgresApiFactory api) : PagingTests(api), IClassFixture<PostgresApiFactory>;
