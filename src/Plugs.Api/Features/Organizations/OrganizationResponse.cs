using Plugs.Api.Platform.Json;
using System.Text.Json;
using Plugs.Data.Organizations;

namespace Plugs.Api.Features.Organizations;

public sealed record OrganizationResponse(
    Guid Id, string Name, string? Domain, string SubscriptionPlan, JsonColumn Settings, bool IsActive,
    DateTime CreatedAt, DateTime UpdatedAt)
{
    public static OrganizationResponse From(Organization o) =>
        new(o.Id, o.Name, o.Domain, o.SubscriptionPlan, JsonColumn.Read(o.Settings), o.IsActive, o.CreatedAt, o.UpdatedAt);
}
