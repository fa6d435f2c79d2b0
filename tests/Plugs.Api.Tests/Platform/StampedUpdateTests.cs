using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Plugs.Api.Tests.Contacts;
using Plugs.Api.Tests.Infrastructure;
using Plugs.Api.Tests.Network;
using Plugs.Data;
using Plugs.Data.Common;

namespace Plugs.Api.Tests.Platform;

/// <summary>
/// Set-based writes stamp the rows they change like saves do — a new ETag, <c>updated_by</c> the
/// acting user — through one helper (StampedUpdates); a feature that calls ExecuteUpdate itself fails here.
/// </summary>
public abstract partial class StampedUpdateTests(PlugsApiFactory api)
{
    [Fact]
    public async Task An_introduction_moved_by_a_merge_has_a_new_etag_and_the_merger_as_its_editor()
    {
        var admin = await api.RegisterAsync(organization: "Stamped merge");
        var member = await api.AddMemberAsync(admin);
        var plug = await NetworkApi.ContactAsync(admin, "Pat", "plug");
        var twin = await NetworkApi.ContactAsync(admin, "Pat", "plug");
        var target = await NetworkApi.ContactAsync(admin, "Tia");
        var introduction = await NetworkApi.IntroductionAsync(admin, twin, target);
        var url = $"/api/v1/introductions/{introduction["id"]}";
        var before = await admin.Client.GetAsync(url);

        var merged = await member.Client.PostAsJsonAsync($"/api/v1/contacts/{plug}/merge", new { merge_ids = new[] { twin } });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);

        var after = await admin.Client.GetAsync(url);
        var body = await after.JsonAsync();
        Assert.Equal(plug, body["plug_contact_id"]!.GetValue<Guid>());
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal(member.UserId, body["updated_by"]!.GetValue<Guid>());
        // The old ETag no longer passes.
        var stale = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(new { message = "late" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", before.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await admin.Client.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task A_renamed_tag_and_a_batch_score_move_the_etags_of_the_contacts_they_change()
    {
        var admin = await api.RegisterAsync(organization: "Stamped tags");
        var member = await api.AddMemberAsync(admin);
        var contact = (await ContactTests.CreateAsync(admin, new { first_name = "Ann", last_name = "Tagged", tags = new[] { "investr" }, status = "hot_lead" }))["id"]!.GetValue<Guid>();
        var url = $"/api/v1/contacts/{contact}";
        var first = (await admin.Client.GetAsync(url)).Headers.ETag;
        var tag = (await (await admin.Client.GetAsync("/api/v1/tags")).JsonArrayAsync()).Single()!["id"]!.GetValue<Guid>();

        Assert.Equal(HttpStatusCode.OK, (await member.Client.PatchAsJsonAsync($"/api/v1/tags/{tag}", new { name = "investor" })).StatusCode);
        var renamed = await admin.Client.GetAsync(url);
        Assert.NotEqual(first, renamed.Headers.ETag);
        Assert.Equal(member.UserId, (await renamed.JsonAsync())["updated_by"]!.GetValue<Guid>());

        Assert.Equal(HttpStatusCode.OK, (await admin.Client.PostAsync("/api/v1/contacts/score", null)).StatusCode);
        var scored = await admin.Client.GetAsync(url);
        Assert.NotEqual(renamed.Headers.ETag, scored.Headers.ETag);
        var body = await scored.JsonAsync();
        Assert.Equal(admin.UserId, body["updated_by"]!.GetValue<Guid>());
        Assert.True(body["lead_score"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task A_set_based_write_of_a_derived_column_or_its_sources_is_refused_before_it_runs()
    {
        await using var db = Context(b => b.UsePlugsSqlite("Data Source=:memory:"));
        var company = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Contacts.ExecuteStampedUpdateAsync(db, s => s.SetProperty(c => c.Company, "x"), default));
        Assert.Contains("Contact.Company", company.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Contacts.ExecuteDerivedUpdateAsync(s => s.SetProperty(c => c.SearchText, ""), default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Tags.ExecuteStampedUpdateAsync(db, s => s.SetProperty(t => t.Name, "x"), default));
    }

    private static PlugsDbContext Context(Action<DbContextOptionsBuilder> configure)
    {
        var builder = new DbContextOptionsBuilder<PlugsDbContext>();
        configure(builder);
        return new PlugsDbContext(builder.Options);
    }

    [GeneratedRegex(@"\b(ExecuteUpdate|ExecuteDelete)(Async)?\s*\(")]
    private static partial Regex RawUpdate();

    [Fact]
    public void No_feature_calls_ExecuteUpdate_or_ExecuteDelete_itself()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ThePlugs.slnx")))
        {
            root = root.Parent;
        }
        Assert.NotNull(root);
        var offenders = Directory.EnumerateFiles(Path.Combine(root.FullName, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(f) != "StampedUpdates.cs")
            .Where(f => RawUpdate().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root.FullName, f))
            .ToList();
        Assert.True(offenders.Count == 0, "Call ExecuteStampedUpdateAsync (or ExecuteDerivedUpdateAsync, ExecuteAuditedDeleteAsync) instead of ExecuteUpdate/ExecuteDelete in: " + string.Join(", ", offenders));
    }
}

public sealed class StampedUpdateTestsOnSqlite(SqliteApiFactory api) : StampedUpdateTests(api), IClassFixture<SqliteApiFactory>;

public sealed class StampedUpdateTestsOnPostgres(PostgresApiFactory api) : StampedUpdateTests(api), IClassFixture<PostgresApiFactory>;
