using Plugs.Data.Common;

namespace Plugs.Data.Organizations;

/// <summary>The tenant. Its own id is the tenant key, so its RLS policy compares <c>id</c>.</summary>
public sealed class Organization : Entity, ISoftDeletable
{
    public required string Name { get; set; }
    public string? Domain { get; set; }
    public string SubscriptionPlan { get; set; } = "free";
    /// <summary>Raw JSON object (jsonb on PostgreSQL, TEXT on SQLite).</summary>
    public string Settings { get; set; } = "{}";
    public bool IsActive { get; set; } = true;
    public bool IsDeleted { get; set; }
    public DateTime? DeletedAt { get; set; }
}
