using Plugs.Data.Common;
using Plugs.Api.Features.Contacts;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Plugs.Api.Platform.Json;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Interactions;

/// <summary>A contact's timeline: meetings, calls, e-mails… completed, scheduled or cancelled.</summary>
public static class InteractionEndpoints
{
    public sealed record CreateRequest(
        InteractionType? InteractionType, string? Subject, string? Description, string? Outcome,
        DateTimeOffset? InteractionDate, InteractionStatus? Status, JsonElement? Metadata, Guid? UserId);

    public sealed record UpdateRequest(
        PatchValue<InteractionType?> InteractionType, PatchValue<string?> Subject, PatchValue<string?> Description,
        PatchValue<string?> Outcome, PatchValue<DateTimeOffset?> InteractionDate, PatchValue<InteractionStatus?> Status,
        PatchValue<JsonElement?> Metadata);

    internal sealed class CreateValidator : AbstractValidator<CreateRequest>
    {
        public CreateValidator()
        {
            RuleFor(x => x.InteractionType).NotNull();
            RuleFor(x => x.Subject).MaximumLength(255);
            RuleFor(x => x.Description).MaximumLength(20_000);
            RuleFor(x => x.Outcome).MaximumLength(20_000);
            RuleFor(x => x.Metadata).Must(m => m is null || m.Value.ValueKind == JsonValueKind.Object).WithMessage("Must be a JSON object.");
        }
    }

    internal sealed class UpdateValidator : AbstractValidator<UpdateRequest>
    {
        public UpdateValidator()
        {
            RuleFor(x => x.InteractionType.Value).NotNull().When(x => x.InteractionType.IsSet);
            RuleFor(x => x.InteractionDate.Value).NotNull().When(x => x.InteractionDate.IsSet);
            RuleFor(x => x.Status.Value).NotNull().When(x => x.Status.IsSet);
            RuleFor(x => x.Subject.Value).MaximumLength(255);
            RuleFor(x => x.Description.Value).MaximumLength(20_000);
            RuleFor(x => x.Outcome.Value).MaximumLength(20_000);
            RuleFor(x => x.Metadata.Value).Must(m => m is null || m.Value.ValueKind == JsonValueKind.Object).WithMessage("Must be a JSON object.");
        }
    }

    public static void MapInteractions(this IEndpointRouteBuilder api)
    {
        api.MapGet("/contacts/{contactId:guid}/interactions", ListAsync).WithTags("Interactions").RequireAuthorization();
        api.MapPost("/contacts/{contactId:guid}/interactions", CreateAsync).WithTags("Interactions").RequireAuthorization()
            .Validates<CreateRequest>().WithIdempotency();
        var one = api.MapGroup("/interactions").WithTags("Interactions").RequireAuthorization();
        one.MapGet("/{id:guid}", GetAsync);
        one.MapPatch("/{id:guid}", UpdateAsync).HonoursIfMatch().Validates<UpdateRequest>();
        one.MapDelete("/{id:guid}", DeleteAsync).HonoursIfMatch();
        one.MapPost("/{id:guid}/restore", RestoreAsync);
        api.MapGet("/follow-ups", FollowUps.ListFollowUpsAsync).WithTags("Interactions").RequireAuthorization();
    }

    private static async Task<Ok<List<InteractionResponse>>> ListAsync(
        Guid contactId, [AsParameters] PageQuery page, [FromQuery(Name = "status")] QueryChoice<InteractionStatus>? status,
        [FromQuery(Name = "interaction_type")] QueryChoice<InteractionType>? type, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        await db.EnsureContactsExistAsync([contactId], ct);
        var query = db.ContactInteractions.AsNoTracking().Where(i => i.ContactId == contactId);
        if (QueryValues.Enum<InteractionStatus>(status, "status") is { } s)
        {
            query = query.Where(i => i.Status == s);
        }
        if (QueryValues.Enum<InteractionType>(type, "interaction_type") is { } t)
        {
            query = query.Where(i => i.InteractionType == t);
        }
        var rows = await page.ToPageAsync(query.OrderByDescending(i => i.InteractionDate).ThenByDescending(i => i.Id).Select(InteractionResponse.Projection), http, ct);
        return TypedResults.Ok(rows);
    }

    /// <summary>Records an interaction; <c>interaction_date</c> defaults to now and <c>status</c> to completed.</summary>
    private static async Task<Created<InteractionResponse>> CreateAsync(
        Guid contactId, CreateRequest request, CurrentUser current, PlugsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.StoredUtcNow();
        var date = request.InteractionDate?.UtcDateTime ?? now;
        var status = request.Status ?? InteractionStatus.Completed;
        InteractionRules.CheckNotAheadOfTime(status, date, now);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LastInteraction.LockContactAsync(db, contactId, ct);
        await db.EnsureContactsExistAsync([contactId], ct);
        var userId = request.UserId ?? current.UserId;
        if (userId != current.UserId && !await db.Users.AnyAsync(u => u.Id == userId && u.IsActive, ct))
        {
            throw ValidationProblemException.For("user_id", "No active user of the organization has this id.");
        }
        var interaction = new ContactInteraction
        {
            ContactId = contactId,
            UserId = userId,
            InteractionType = request.InteractionType!.Value,
            Subject = request.Subject,
            Description = request.Description,
            Outcome = request.Outcome,
            InteractionDate = date,
            Status = status,
            Metadata = request.Metadata?.GetRawText() ?? "{}",
        };
        db.ContactInteractions.Add(interaction);
        await db.SaveChangesAsync(ct);
        await LastInteraction.RecomputeAsync(db, contactId, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/interactions/{interaction.Id}", InteractionResponse.From(interaction));
    }

    private static async Task<Ok<InteractionResponse>> GetAsync(Guid id, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var interaction = await db.ContactInteractions.AsNoTracking().Where(i => i.Id == id).Select(InteractionResponse.Projection)
            .FirstOrDefaultAsync(ct) ?? throw ProblemException.NotFound("interaction");
        ETags.Write(http, interaction.UpdatedAt);
        return TypedResults.Ok(interaction);
    }

    private static async Task<Ok<InteractionResponse>> UpdateAsync(
        Guid id, UpdateRequest request, PlugsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var interaction = await LastInteraction.LockInteractionAsync(db, id, ct);
        ETags.CheckIfMatch(http, interaction.UpdatedAt);
        interaction.InteractionType = request.InteractionType.Or(interaction.InteractionType) ?? interaction.InteractionType;
        interaction.Subject = request.Subject.Or(interaction.Subject);
        interaction.Description = request.Description.Or(interaction.Description);
        interaction.Outcome = request.Outcome.Or(interaction.Outcome);
        interaction.InteractionDate = request.InteractionDate.IsSet ? request.InteractionDate.Value!.Value.UtcDateTime : interaction.InteractionDate;
        interaction.Status = request.Status.Or(interaction.Status) ?? interaction.Status;
        if (request.Status.IsSet || request.InteractionDate.IsSet)
        {
            InteractionRules.CheckNotAheadOfTime(interaction.Status, interaction.InteractionDate, clock.StoredUtcNow());
        }
        if (request.Metadata.IsSet)
        {
            interaction.Metadata = request.Metadata.Value?.GetRawText() ?? "{}";
        }
        await db.SaveChangesAsync(ct);
        await LastInteraction.RecomputeAsync(db, interaction.ContactId, ct);
        await transaction.CommitAsync(ct);
        ETags.Write(http, interaction.UpdatedAt);
        return TypedResults.Ok(InteractionResponse.From(interaction));
    }

    private static async Task<NoContent> DeleteAsync(Guid id, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var interaction = await LastInteraction.LockInteractionAsync(db, id, ct);
        ETags.CheckIfMatch(http, interaction.UpdatedAt);
        db.ContactInteractions.Remove(interaction);
        await db.SaveChangesAsync(ct);
        await LastInteraction.RecomputeAsync(db, interaction.ContactId, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>Undoes a delete while its contact is live; <c>last_interaction</c> follows, under the contact's lock.</summary>
    private static async Task<Ok<InteractionResponse>> RestoreAsync(Guid id, PlugsDbContext db, CancellationToken ct)
    {
        var deleted = db.ContactInteractions.IgnoreQueryFilters([ModelConventions.SoftDeleteFilterName])
            .Where(i => i.Id == id && i.IsDeleted && db.Contacts.Any(c => c.Id == i.ContactId && !c.IsDeleted)); // the ignored filter is ignored for contacts too
        var contactId = await deleted.Select(i => (Guid?)i.ContactId).FirstOrDefaultAsync(ct) ?? throw ProblemException.NotFound("deleted interaction");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LastInteraction.LockContactAsync(db, contactId, ct);
        var interaction = await deleted.FirstOrDefaultAsync(i => i.ContactId == contactId, ct) ?? throw ProblemException.NotFound("deleted interaction");
        interaction.IsDeleted = false;
        interaction.DeletedAt = null;
        await db.SaveChangesAsync(ct);
        await LastInteraction.RecomputeAsync(db, contactId, ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(InteractionResponse.From(interaction));
    }
}
