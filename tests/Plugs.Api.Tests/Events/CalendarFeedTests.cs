using System.Net;
using System.Net.Http.Json;
using Ical.Net;
using Plugs.Api.Tests.Infrastructure;

namespace Plugs.Api.Tests.Events;

/// <summary>The personal subscription feed: a secret URL, no bearer header, only the owner's events, revocable.</summary>
public abstract class CalendarFeedTests(PlugsApiFactory api)
{
    private static async Task<string> FeedUrlAsync(Account account)
    {
        var response = await account.Client.PostAsync("/api/v1/calendar/feed-token", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var url = new Uri((await response.JsonAsync())["url"]!.GetValue<string>());
        return url.PathAndQuery;
    }

    private async Task<Calendar> LoadAsync(string pathAndQuery)
    {
        using var anonymous = api.CreateAnonymousClient();
        var response = await anonymous.GetAsync(pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        return Calendar.Load(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task The_feed_has_the_events_the_user_organises_or_attends_and_nothing_else()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var organised = await member.CreateEventIdAsync(new { title = "Mine", start_date = "2030-03-01T09:00:00Z", end_date = "2030-03-01T10:00:00Z" });
        var attended = await admin.PublishedEventAsync();
        await admin.RegisterAsync(attended, new { user_id = member.UserId });
        await admin.CreateEventIdAsync(new { title = "Not mine", start_date = "2030-04-01T09:00:00Z", end_date = "2030-04-01T10:00:00Z" });
        var other = await api.RegisterAsync();
        await other.CreateEventIdAsync(new { title = "Other org", start_date = "2030-05-01T09:00:00Z", end_date = "2030-05-01T10:00:00Z" });

        var calendar = await LoadAsync(await FeedUrlAsync(member));
        var expected = new[] { $"{organised}@theplugs", $"{attended}@theplugs" }.Order().ToArray();
        Assert.Equal(expected, calendar.Events.Select(e => e.Uid).Order().ToArray());
        Assert.DoesNotContain(calendar.Events, e => e.Summary is "Not mine" or "Other org");
    }

    [Fact]
    public async Task Revoking_or_replacing_the_token_kills_the_old_url()
    {
        var account = await api.RegisterAsync();
        var first = await FeedUrlAsync(account);
        await LoadAsync(first);
        var second = await FeedUrlAsync(account);
        using var anonymous = api.CreateAnonymousClient();
        await (await anonymous.GetAsync(first)).ProblemAsync(HttpStatusCode.NotFound);
        await LoadAsync(second);
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync("/api/v1/calendar/feed-token")).StatusCode);
        await (await anonymous.GetAsync(second)).ProblemAsync(HttpStatusCode.NotFound);
        await (await account.Client.DeleteAsync("/api/v1/calendar/feed-token")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/v1/calendar/feed.ics")]
    [InlineData("/api/v1/calendar/feed.ics?token=junk")]
    [InlineData("/api/v1/calendar/feed.ics?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Bad_tokens_are_404_problems(string url)
    {
        using var anonymous = api.CreateAnonymousClient();
        await (await anonymous.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_deactivated_users_feed_stops_and_issuing_needs_a_token()
    {
        var admin = await api.RegisterAsync();
        var member = await api.AddMemberAsync(admin);
        var url = await FeedUrlAsync(member);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PatchAsJsonAsync($"/api/v1/users/{member.UserId}", new { is_active = false })).StatusCode);
        using var anonymous = api.CreateAnonymousClient();
        await (await anonymous.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.PostAsync("/api/v1/calendar/feed-token", null)).ProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class CalendarFeedTestsOnSqlite(SqliteApiFactory api) : CalendarFeedTests(api), IClassFixture<SqliteApiFactory>;

public sealed class CalendarFeedTestsOnPostgres(PostgresApiFactory api) : CalendarFeedTests(api), IClassFixture<PostgresApiFactory>;
