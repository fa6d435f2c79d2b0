using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Plugs.Api.Features.Contacts;
using Plugs.Api.Platform.Json;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Tags;

/// <summary>
/// The organization's tags as things of their own: list them (with how many live contacts carry
/// each), create one ahead of use, rename or recolour it, delete it (which takes it off every
/// contact). Contacts still gain tags by name on create and update, which creates missing ones.
/// Names are unique in the organization ignoring case (<see cref="Tag.NormalizedName"/>).
/// </summary>
public static class TagEndpoints
{
    public sealed record TagResponse(Guid Id, string Name, string? Color, int ContactCount, Guid? CreatedBy, Guid? UpdatedBy, DateTime CreatedAt, DateTime UpdatedAt);

    public sealed record CreateRequest(string? Name, string? Color);

    public sealed record UpdateRequest(PatchValue<string?> Name, PatchValue<string?> Color);

    internal sealed class CreateValidator : AbstractValidator<CreateRequest>
    {
        public CreateValidator()
        {
            RuleFor(x => x.Name).NotEmpty().TagName();
            RuleFor(x => x.Color).Color();
        }
    }

    internal sealed class UpdateValidator : AbstractValidator<UpdateRequest>
    {
        public UpdateValidator()
        {
            RuleFor(x => x.Name.Value).NotEmpty().TagName().When(x => x.Name.IsSet);
            RuleFor(x => x.Color.Value).Color();
        }
    }

    private sealed class TagSort : ISortFields<Tag>
    {
        public static IReadOnlyDictionary<string, Expression<Func<Tag, object?>>> Fields { get; } = new Dictionary<string, Expression<Func<Tag, object?>>>
        {
            ["name"] = t => t.Name,
            ["created_at"] = t => t.CreatedAt,
            ["updated_at"] = t => t.UpdatedAt,
        };
    }

    public static void MapTags(this IEndpointRouteBuilder api)
    {
        var tags = api.MapGroup("/tags").WithTags("Tags").RequireAuthorization();
        tags.MapGet("/", ListAsync);
        tags.MapPost("/", CreateAsync).Validates<CreateRequest>().WithIdempotency();
        tags.MapGet("/{id:guid}", GetAsync);
        tags.MapPatch("/{id:guid}", UpdateAsync).HonoursIfMatch().Validates<UpdateRequest>();
        tags.MapDelete("/{id:guid}", DeleteAsync).HonoursIfMatch();
    }

    private static IQueryable<TagResponse> Responses(this IQueryable<Tag> tags, PlugsDbContext db) =>
        tags.Select(t => new TagResponse(t.Id, t.Name, t.Color,
            db.ContactTags.Count(x => x.TagId == t.Id && db.Contacts.Any(c => c.Id == x.ContactId)),
            t.CreatedBy, t.UpdatedBy, t.CreatedAt, t.UpdatedAt));

    /// <summary><c>q</c> (part of the name, case-insensitive), <c>sort</c> (default <c>name</c>), paging.</summary>
    private static async Task<Ok<List<TagResponse>>> ListAsync(
        [AsParameters] PageQuery page, [FromQuery(Name = "q")] string? q, [FromQuery(Name = "sort")] SortBy<TagSort>? sort,
        PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var query = db.Tags.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            if (q.Length > ContactRules.MaxTagLength)
            {
                throw ValidationProblemException.For("q", $"At most {ContactRules.MaxTagLength} characters.");
            }
            var pattern = LikePattern.Contains(q);
            query = query.Where(t => EF.Functions.Like(t.NormalizedName, pattern, LikePattern.Escape));
        }
        var sorted = query.ApplySort(sort, "name", t => t.Id).Responses(db);
        return TypedResults.Ok(await page.ToPageAsync(sorted, http, ct));
    }

    private static async Task<Ok<TagResponse>> GetAsync(Guid id, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var tag = await FindAsync(db, id, ct);
        ETags.Write(http, tag.UpdatedAt);
        return TypedResults.Ok(tag);
    }

    /// <summary>A name the organization already uses, in any case, is 409 <c>duplicate_tag</c> (as on contacts, <c>VIP</c> is the tag <c>vip</c>).</summary>
    private static async Task<Created<TagResponse>> CreateAsync(CreateRequest request, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var name = request.Name!.Trim();
        await EnsureNameFreeAsync(db, name, null, ct);
        var tag = new Tag { Name = name, Color = NormalizeColor(request.Color) };
        db.Tags.Add(tag);
        await SaveAsync(db, tag.Id, name, ct);
        var response = await FindAsync(db, tag.Id, ct);
        ETags.Write(http, response.UpdatedAt);
        return TypedResults.Created($"/api/v1/tags/{tag.Id}", response);
    }

    /// <summary>Rename (every contact carrying it shows the new name) and recolour (<c>null</c> clears it); honours If-Match.</summary>
    private static async Task<Ok<TagResponse>> UpdateAsync(Guid id, UpdateRequest request, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var tag = await db.Tags.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw ProblemException.NotFound("tag");
        ETags.CheckIfMatch(http, tag.UpdatedAt);
        var renamed = false;
        if (request.Name.IsSet)
        {
            var name = request.Name.Value!.Trim();
            await EnsureNameFreeAsync(db, name, tag.Id, ct);
            renamed = name != tag.Name;
            tag.Name = name;
        }
        if (request.Color.IsSet)
        {
            tag.Color = NormalizeColor(request.Color.Value);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await SaveAsync(db, tag.Id, tag.Name, ct);
        if (renamed)
        {
            await Carrying(db, id).ExecuteStampAsync(db, ct); // every contact carrying it reads differently now
        }
        await transaction.CommitAsync(ct);
        var response = await FindAsync(db, tag.Id, ct);
        ETags.Write(http, response.UpdatedAt);
        return TypedResults.Ok(response);
    }

    /// <summary>Deletes the tag and takes it off every contact (the links go with it); honours If-Match.</summary>
    private static async Task<NoContent> DeleteAsync(Guid id, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var tag = await db.Tags.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw ProblemException.NotFound("tag");
        ETags.CheckIfMatch(http, tag.UpdatedAt);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await Carrying(db, id).ExecuteStampAsync(db, ct);
        await db.ContactTags.Where(x => x.TagId == id).ExecuteAuditedDeleteAsync(db, ct);
        db.Tags.Remove(tag);
        await SaveAsync(db, tag.Id, tag.Name, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The live contacts that carry the tag.</summary>
    private static IQueryable<Contact> Carrying(PlugsDbContext db, Guid tagId) =>
        db.Contacts.Where(c => db.ContactTags.Any(x => x.ContactId == c.Id && x.TagId == tagId));

    private static async Task<TagResponse> FindAsync(PlugsDbContext db, Guid id, CancellationToken ct) =>
        await db.Tags.AsNoTracking().Where(t => t.Id == id).Responses(db).FirstOrDefaultAsync(ct)
            ?? throw ProblemException.NotFound("tag");

    private static async Task EnsureNameFreeAsync(PlugsDbContext db, string name, Guid? except, CancellationToken ct)
    {
        var key = TextFolding.Case(name);
        if (await db.Tags.AnyAsync(t => t.NormalizedName == key && t.Id != except, ct))
        {
            throw DuplicateName(name);
        }
    }

    /// <summary>
    /// Saves a change to one tag. The name check before it answers the common case; the unique
    /// index (organization_id, normalized_name) decides a race between two requests naming the same tag, and
    /// the loser gets the same 409. A tag that a concurrent request deleted while this one changed
    /// it is 404, as if it had been gone first. (Renaming a tag to another spelling of itself, <c>vip</c> to <c>VIP</c>, is no clash.)
    /// </summary>
    private static async Task SaveAsync(PlugsDbContext db, Guid id, string name, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            throw DuplicateName(name);
        }
        catch (DbUpdateConcurrencyException)
        {
            if (await db.Tags.AsNoTracking().AnyAsync(t => t.Id == id, ct))
            {
                throw;
            }
            throw ProblemException.NotFound("tag");
        }
    }

    private static ProblemException DuplicateName(string name) =>
        ProblemException.Conflict($"The organization already has a tag named \"{name}\" (names ignore case).", "duplicate_tag");

    private static string? NormalizeColor(string? color) => string.IsNullOrEmpty(color) ? null : color.ToLowerInvariant();

    private static IRuleBuilderOptions<T, string?> TagName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(n => n is null || ContactRules.FitsTagName(n)).WithMessage($"1-{ContactRules.MaxTagLength} characters.")
            .Must(n => n is null || !n.Any(char.IsControl)).WithMessage("Cannot contain control characters.");

    private static IRuleBuilderOptions<T, string?> Color<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Matches("^#[0-9A-Fa-f]{6}$").WithMessage("Must be a colour such as #1f6feb.");
}
