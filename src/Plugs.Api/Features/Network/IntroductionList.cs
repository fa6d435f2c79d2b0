using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Plugs.Data.Network;

namespace Plugs.Api.Features.Network;

/// <summary>Reading introductions: the filtered list and a single one.</summary>
public static class IntroductionList
{
    public sealed class IntroductionSort : ISortFields<Introduction>
    {
        public static IReadOnlyDictionary<string, Expression<Func<Introduction, object?>>> Fields { get; } = new Dictionary<string, Expression<Func<Introduction, object?>>>
        {
            ["created_at"] = i => i.CreatedAt,
            ["updated_at"] = i => i.UpdatedAt,
            ["requested_at"] = i => i.RequestedAt,
            ["responded_at"] = i => i.RespondedAt,
            ["made_at"] = i => i.MadeAt,
            ["completed_at"] = i => i.CompletedAt,
            ["status"] = i => i.Status,
        };
    }

    /// <summary>Filters <c>status</c>, <c>plug_contact_id</c>, <c>target_contact_id</c>; <c>sort</c> (default <c>-requested_at</c>); paging.</summary>
    public static async Task<Ok<List<IntroductionResponse>>> ListIntroductionsAsync(
        [AsParameters] PageQuery page, [FromQuery(Name = "status")] QueryChoice<IntroductionStatus>? status,
        [FromQuery(Name = "plug_contact_id")] Guid? plugContactId, [FromQuery(Name = "target_contact_id")] Guid? targetContactId,
        [FromQuery(Name = "sort")] SortBy<IntroductionSort>? sort, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var query = db.Introductions.AsNoTracking().Visible(db);
        if (QueryValues.Enum<IntroductionStatus>(status, "status") is { } s)
        {
            query = query.Where(i => i.Status == s);
        }
        if (plugContactId is { } plug)
        {
            query = query.Where(i => i.PlugContactId == plug);
        }
        if (targetContactId is { } target)
        {
            query = query.Where(i => i.TargetContactId == target);
        }
        var sorted = query.ApplySort(sort, "-requested_at", i => i.Id).Select(IntroductionResponse.Projection);
        return TypedResults.Ok(await page.ToPageAsync(sorted, http, ct));
    }

    public static async Task<Ok<IntroductionResponse>> GetIntroductionAsync(Guid id, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var introduction = await FindAsync(db, id, ct);
        ETags.Write(http, introduction.UpdatedAt);
        return TypedResults.Ok(introduction);
    }

    internal static async Task<IntroductionResponse> FindAsync(PlugsDbContext db, Guid id, CancellationToken ct) =>
        await db.Introductions.AsNoTracking().Visible(db).Where(i => i.Id == id).Select(IntroductionResponse.Projection).FirstOrDefaultAsync(ct)
            ?? throw ProblemException.NotFound("introduction");
}
