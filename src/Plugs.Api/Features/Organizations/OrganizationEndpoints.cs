using System.Text.Json;
using Plugs.Api.Features.Auth;
using Plugs.Api.Platform.Json;

namespace Plugs.Api.Features.Organizations;

/// <summary>The caller's own organization: everyone reads it, admins change it.</summary>
public static class OrganizationEndpoints
{
    public const int MaxSettingsBytes = 64 * 1024;

    public sealed record UpdateRequest(PatchValue<string?> Name, PatchValue<string?> Domain, PatchValue<JsonElement?> Settings);

    internal sealed class UpdateValidator : AbstractValidator<UpdateRequest>
    {
        public UpdateValidator()
        {
            RuleFor(x => x.Name.Value).NotEmpty().MaximumLength(255).When(x => x.Name.IsSet);
            RuleFor(x => x.Domain.Value).MaximumLength(255).Matches(DomainRules.Pattern).WithMessage("Must be a domain name such as example.com.");
            RuleFor(x => x.Settings.Value)
                .Must(v => v is { ValueKind: JsonValueKind.Object }).WithMessage("Must be a JSON object.")
                .Must(v => v is null || v.Value.GetRawText().Length <= MaxSettingsBytes).WithMessage($"At most {MaxSettingsBytes} bytes.")
                .When(x => x.Settings.IsSet);
        }
    }

    public static void MapOrganization(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/organization").WithTags("Organization").RequireAuthorization();
        group.MapGet("/", GetAsync);
        group.MapPatch("/", UpdateAsync).HonoursIfMatch().Validates<UpdateRequest>().RequireAuthorization(AuthPolicies.Admin);
    }

    private static async Task<Ok<OrganizationResponse>> GetAsync(PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var organization = await db.Organizations.AsNoTracking().FirstAsync(ct);
        ETags.Write(http, organization.UpdatedAt);
        return TypedResults.Ok(OrganizationResponse.From(organization));
    }

    private static async Task<Ok<OrganizationResponse>> UpdateAsync(
        UpdateRequest request, CurrentUser current, PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        var organization = await db.Organizations.FirstAsync(ct);
        ETags.CheckIfMatch(http, organization.UpdatedAt);
        organization.Name = request.Name.Or(organization.Name)!.Trim();
        organization.Domain = request.Domain.IsSet ? DomainRules.Normalize(request.Domain.Value) : organization.Domain;
        if (request.Settings.IsSet)
        {
            organization.Settings = request.Settings.Value!.Value.GetRawText();
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            throw ProblemException.Conflict("An organization with this domain already exists.", "domain_taken");
        }
        ETags.Write(http, organization.UpdatedAt);
        return TypedResults.Ok(OrganizationResponse.From(organization));
    }
}
