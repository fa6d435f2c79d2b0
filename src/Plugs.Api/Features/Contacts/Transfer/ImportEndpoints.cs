using System.Linq.Expressions;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>
/// Imports as resources: the organization's imports, newest first (<c>GET /imports</c>), one with
/// its per-row report (<c>GET /imports/{id}</c>) and its undo (<c>POST /imports/{id}/undo</c>,
/// <see cref="UndoImport"/>). Every member sees every import of the organization, as they see its
/// contacts.
/// </summary>
public static class ImportEndpoints
{
    /// <summary>One line (or card) of the file: what was done, to which contact, why a skip, which fields changed.</summary>
    public sealed record ImportRowResponse(int Line, ContactImportAction Action, Guid? ContactId, string? Reason, IReadOnlyList<string> ChangedFields);

    public sealed record ImportSummary(
        Guid Id, string FileName, string Format, ContactImportStatus Status, int TotalRows, int Created, int Updated, int Unchanged, int Skipped,
        Guid? CreatedBy, DateTime CreatedAt, DateTime? CompletedAt, Guid? UndoneBy, DateTime? UndoneAt, DateTime UpdatedAt);

    public sealed record ImportResponse(
        Guid Id, string FileName, string Format, ContactImportStatus Status, int TotalRows, int Created, int Updated, int Unchanged, int Skipped,
        Guid? CreatedBy, DateTime CreatedAt, DateTime? CompletedAt, Guid? UndoneBy, DateTime? UndoneAt, DateTime UpdatedAt,
        IReadOnlyList<ImportRowResponse> Rows);

    /// <summary>A dry run's report: what the import would do; nothing is written, not even the import.</summary>
    public sealed record ImportPreview(
        bool DryRun, string FileName, string Format, int TotalRows, int Created, int Updated, int Unchanged, int Skipped,
        IReadOnlyList<ImportRowResponse> Rows);

    public static void MapImports(this IEndpointRouteBuilder api)
    {
        var imports = api.MapGroup("/imports").WithTags("Imports").RequireAuthorization();
        imports.MapGet("/", ListAsync);
        imports.MapGet("/{id:guid}", GetAsync);
        imports.MapPost("/{id:guid}/undo", UndoImport.HandleAsync).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static readonly Expression<Func<ContactImport, ImportSummary>> Summary = i => new ImportSummary(
        i.Id, i.FileName, i.Format, i.Status, i.TotalRows, i.CreatedCount, i.UpdatedCount, i.UnchangedCount, i.SkippedCount,
        i.CreatedBy, i.CreatedAt, i.CompletedAt, i.UndoneBy, i.UndoneAt, i.UpdatedAt);

    /// <summary>The organization's imports, newest first (dry runs are not stored), without their rows.</summary>
    private static async Task<Ok<List<ImportSummary>>> ListAsync([AsParameters] PageQuery page, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var imports = db.ContactImports.AsNoTracking();
        var rows = imports.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Select(Summary);
        return TypedResults.Ok(await page.ToPageAsync(imports, rows, http, ct));
    }

    /// <summary>Who ran it, when, the file, its format, the counts and what it did with each row (in file order).</summary>
    private static async Task<Ok<ImportResponse>> GetAsync(Guid id, PlugsDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await FindAsync(db, id, withRows: true, ct));

    internal static async Task<ImportResponse> FindAsync(PlugsDbContext db, Guid id, bool withRows, CancellationToken ct)
    {
        var s = await db.ContactImports.AsNoTracking().Where(i => i.Id == id).Select(Summary).FirstOrDefaultAsync(ct)
            ?? throw ProblemException.NotFound("import");
        List<ImportRowResponse> rows = [];
        if (withRows)
        {
            var stored = await db.ContactImportRows.AsNoTracking().Where(r => r.ImportId == id).OrderBy(r => r.Line)
                .Select(r => new { r.Line, r.Action, r.ContactId, r.Reason, r.Changes }).ToListAsync(ct);
            rows = [.. stored.Select(r => RowOf(new ImportResult(r.Line, r.Action, r.ContactId, r.Reason, ImportedFields.Changes.FromJson(r.Changes))))];
        }
        return new ImportResponse(s.Id, s.FileName, s.Format, s.Status, s.TotalRows, s.Created, s.Updated, s.Unchanged, s.Skipped,
            s.CreatedBy, s.CreatedAt, s.CompletedAt, s.UndoneBy, s.UndoneAt, s.UpdatedAt, rows);
    }

    internal static ImportRowResponse RowOf(ImportResult r) => new(r.Line, r.Action, r.ContactId, r.Reason, r.Changes?.Names ?? []);
}
