using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Plugs.Api.Platform.Json;
using Plugs.Api.Platform.Outgoing;
using Plugs.Data.Webhooks;

namespace Plugs.Api.Features.Webhooks;

/// <summary>
/// An organization's webhook subscriptions (admins): where to send which events. The target URL is
/// checked against the SSRF rules when saved (<see cref="OutgoingHttp.CheckUrlAsync"/>) and again
/// whenever a delivery connects. The signing secret is answered once — on create and on
/// <c>rotate-secret</c> — and never again.
/// </summary>
public static class WebhookSubscriptionEndpoints
{
    public record WebhookSubscriptionResponse(
        Guid Id, string Url, string? Description, IReadOnlyList<string> EventTypes, bool IsActive, int ConsecutiveFailures,
        DateTime? DisabledAt, string? DisabledReason, DateTime? PreviousSecretExpiresAt, Guid? CreatedBy, Guid? UpdatedBy, DateTime CreatedAt, DateTime UpdatedAt)
    {
        public static readonly Expression<Func<WebhookSubscription, WebhookSubscriptionResponse>> Projection = s => new WebhookSubscriptionResponse(
            s.Id, s.Url, s.Description, s.EventTypes, s.IsActive, s.ConsecutiveFailures, s.DisabledAt, s.DisabledReason,
            s.PreviousSecretExpiresAt, s.CreatedBy, s.UpdatedBy, s.CreatedAt, s.UpdatedAt);

        private static readonly Func<WebhookSubscription, WebhookSubscriptionResponse> Compiled = Projection.Compile();

        public static WebhookSubscriptionResponse From(WebhookSubscription s) => Compiled(s);
    }

    /// <summary>The subscription with its signing secret: the only answers that carry it.</summary>
    public sealed record WebhookSubscriptionSecretResponse(
        Guid Id, string Url, string? Description, IReadOnlyList<string> EventTypes, bool IsActive, int ConsecutiveFailures,
        DateTime? DisabledAt, string? DisabledReason, DateTime? PreviousSecretExpiresAt, Guid? CreatedBy, Guid? UpdatedBy, DateTime CreatedAt, DateTime UpdatedAt,
        string Secret)
        : WebhookSubscriptionResponse(Id, Url, Description, EventTypes, IsActive, ConsecutiveFailures, DisabledAt, DisabledReason,
            PreviousSecretExpiresAt, CreatedBy, UpdatedBy, CreatedAt, UpdatedAt)
    {
        public static WebhookSubscriptionSecretResponse From(WebhookSubscription s, string secret) => new(
            s.Id, s.Url, s.Description, s.EventTypes, s.IsActive, s.ConsecutiveFailures, s.DisabledAt, s.DisabledReason,
            s.PreviousSecretExpiresAt, s.CreatedBy, s.UpdatedBy, s.CreatedAt, s.UpdatedAt, secret);
    }

    public sealed record CreateRequest(string? Url, string? Description, string[]? EventTypes, bool? IsActive);

    public sealed record UpdateRequest(PatchValue<string?> Url, PatchValue<string?> Description, PatchValue<string[]?> EventTypes, PatchValue<bool?> IsActive);

    internal sealed class CreateValidator : AbstractValidator<CreateRequest>
    {
        public CreateValidator(OutgoingHttp outgoing)
        {
            RuleFor(x => x.Url).NotEmpty().MaximumLength(2048).TargetUrl(outgoing);
            RuleFor(x => x.Description).MaximumLength(255);
            RuleFor(x => x.EventTypes).NotEmpty().EventTypeNames();
        }
    }

    internal sealed class UpdateValidator : AbstractValidator<UpdateRequest>
    {
        public UpdateValidator(OutgoingHttp outgoing)
        {
            RuleFor(x => x.Url.Value).NotEmpty().MaximumLength(2048).TargetUrl(outgoing).When(x => x.Url.IsSet);
            RuleFor(x => x.Description.Value).MaximumLength(255);
            RuleFor(x => x.EventTypes.Value).NotEmpty().EventTypeNames().When(x => x.EventTypes.IsSet);
            RuleFor(x => x.IsActive.Value).NotNull().When(x => x.IsActive.IsSet);
        }
    }

    private static IRuleBuilderOptionsConditions<T, string?> TargetUrl<T>(this IRuleBuilder<T, string?> rule, OutgoingHttp outgoing) =>
        rule.CustomAsync(async (url, context, ct) =>
        {
            if (!string.IsNullOrEmpty(url) && await outgoing.CheckUrlAsync(url, ct) is { } refusal)
            {
                context.AddFailure(refusal);
            }
        });

    private static IRuleBuilderOptions<T, string[]?> EventTypeNames<T>(this IRuleBuilder<T, string[]?> rule) =>
        rule.Must(names => names is null || names.All(WebhookEventTypes.IsKnown))
            .WithMessage($"Each must be one of: {string.Join(", ", WebhookEventTypes.All)}.")
            .Must(names => names is null || names.Distinct(StringComparer.Ordinal).Count() == names.Length)
            .WithMessage("Name each event type once.");

    private sealed class SubscriptionSort : ISortFields<WebhookSubscription>
    {
        public static IReadOnlyDictionary<string, Expression<Func<WebhookSubscription, object?>>> Fields { get; } = new Dictionary<string, Expression<Func<WebhookSubscription, object?>>>
        {
            ["created_at"] = s => s.CreatedAt,
            ["updated_at"] = s => s.UpdatedAt,
            ["url"] = s => s.Url,
        };
    }

    public static void MapWebhookSubscriptions(this IEndpointRouteBuilder api)
    {
        var subscriptions = api.MapGroup("/webhook-subscriptions").WithTags("Webhooks").RequireAuthorization(AuthPolicies.Admin);
        subscriptions.MapGet("/", ListAsync);
        subscriptions.MapPost("/", CreateAsync).Validates<CreateRequest>();
        subscriptions.MapGet("/{id:guid}", GetAsync);
        subscriptions.MapPatch("/{id:guid}", UpdateAsync).HonoursIfMatch().Validates<UpdateRequest>();
        subscriptions.MapDelete("/{id:guid}", DeleteAsync).HonoursIfMatch();
        subscriptions.MapPost("/{id:guid}/restore", RestoreAsync);
        subscriptions.MapPost("/{id:guid}/rotate-secret", RotateWebhookSecretAsync).HonoursIfMatch();
        api.MapGet("/webhook-event-types", ListWebhookEventTypes).WithTags("Webhooks").RequireAuthorization(AuthPolicies.Admin);
    }

    /// <summary>The event types a subscription may name.</summary>
    private static Ok<IReadOnlyList<string>> ListWebhookEventTypes() => TypedResults.Ok(WebhookEventTypes.All);

    /// <summary><c>is_active</c>, <c>sort</c> (default <c>-created_at</c>), paging.</summary>
    private static async Task<Ok<List<WebhookSubscriptionResponse>>> ListAsync(
        [AsParameters] PageQuery page, [FromQuery(Name = "is_active")] bool? isActive, [FromQuery(Name = "sort")] SortBy<SubscriptionSort>? sort,
        PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var query = db.WebhookSubscriptions.AsNoTracking();
        if (isActive is { } active)
        {
            query = query.Where(s => s.IsActive == active);
        }
        var sorted = query.ApplySort(sort, "-created_at", s => s.Id).Select(WebhookSubscriptionResponse.Projection);
        return TypedResults.Ok(await page.ToPageAsync(sorted, http, ct));
    }

    private static async Task<Ok<WebhookSubscriptionResponse>> GetAsync(Guid id, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var subscription = await FindAsync(db, id, ct);
        ETags.Write(http, subscription.UpdatedAt);
        return TypedResults.Ok(WebhookSubscriptionResponse.From(subscription));
    }

    /// <summary>
    /// Not idempotent by key: a replay would have to keep the secret in the shared store. A
    /// client that lost the answer deletes the subscription it cannot sign for and creates another.
    /// </summary>
    private static async Task<Created<WebhookSubscriptionSecretResponse>> CreateAsync(
        CreateRequest request, PlugsDbContext db, WebhookSecrets secrets, HttpContext http, CancellationToken ct)
    {
        var (secret, encrypted) = secrets.Create();
        var subscription = new WebhookSubscription
        {
            Url = request.Url!,
            Description = request.Description,
            EventTypes = [.. request.EventTypes!],
            IsActive = request.IsActive ?? true,
            SecretEncrypted = encrypted,
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        ETags.Write(http, subscription.UpdatedAt);
        return TypedResults.Created($"/api/v1/webhook-subscriptions/{subscription.Id}", WebhookSubscriptionSecretResponse.From(subscription, secret));
    }

    /// <summary>Turning a subscription back on (<c>is_active: true</c>) also clears why it was disabled and its failure count.</summary>
    private static async Task<Ok<WebhookSubscriptionResponse>> UpdateAsync(Guid id, UpdateRequest request, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var subscription = await FindAsync(db, id, ct);
        ETags.CheckIfMatch(http, subscription.UpdatedAt);
        subscription.Url = request.Url.Or(subscription.Url) ?? subscription.Url;
        subscription.Description = request.Description.Or(subscription.Description);
        if (request.EventTypes.IsSet)
        {
            subscription.EventTypes = [.. request.EventTypes.Value!];
        }
        if (request.IsActive.IsSet)
        {
            var active = request.IsActive.Value!.Value;
            if (active && !subscription.IsActive)
            {
                subscription.DisabledAt = null;
                subscription.DisabledReason = null;
                subscription.ConsecutiveFailures = 0;
            }
            subscription.IsActive = active;
        }
        await db.SaveChangesAsync(ct);
        ETags.Write(http, subscription.UpdatedAt);
        return TypedResults.Ok(WebhookSubscriptionResponse.From(subscription));
    }

    private static async Task<NoContent> DeleteAsync(Guid id, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var subscription = await FindAsync(db, id, ct);
        ETags.CheckIfMatch(http, subscription.UpdatedAt);
        db.WebhookSubscriptions.Remove(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WebhookSubscriptionResponse>> RestoreAsync(Guid id, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.IgnoreQueryFilters([ModelConventions.SoftDeleteFilterName])
            .FirstOrDefaultAsync(s => s.Id == id && s.IsDeleted, ct) ?? throw ProblemException.NotFound("deleted webhook subscription");
        subscription.IsDeleted = false;
        subscription.DeletedAt = null;
        await db.SaveChangesAsync(ct);
        ETags.Write(http, subscription.UpdatedAt);
        return TypedResults.Ok(WebhookSubscriptionResponse.From(subscription));
    }

    /// <summary>
    /// A new signing secret, answered once; the previous one keeps signing beside it for
    /// <see cref="WebhookSecrets.RotationOverlap"/> (Standard Webhooks receivers accept any of the
    /// signatures), so a receiver can switch without missing an event. Honours If-Match.
    /// </summary>
    private static async Task<Ok<WebhookSubscriptionSecretResponse>> RotateWebhookSecretAsync(
        Guid id, PlugsDbContext db, WebhookSecrets secrets, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var subscription = await FindAsync(db, id, ct);
        ETags.CheckIfMatch(http, subscription.UpdatedAt);
        var (secret, encrypted) = secrets.Create();
        subscription.PreviousSecretEncrypted = subscription.SecretEncrypted;
        subscription.PreviousSecretExpiresAt = clock.StoredUtcNow() + WebhookSecrets.RotationOverlap;
        subscription.SecretEncrypted = encrypted;
        await db.SaveChangesAsync(ct);
        ETags.Write(http, subscription.UpdatedAt);
        return TypedResults.Ok(WebhookSubscriptionSecretResponse.From(subscription, secret));
    }

    private static async Task<WebhookSubscription> FindAsync(PlugsDbContext db, Guid id, CancellationToken ct) =>
        await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw ProblemException.NotFound("webhook subscription");
}
