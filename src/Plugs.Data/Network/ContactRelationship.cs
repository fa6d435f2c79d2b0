using Plugs.Data.Common;

namespace Plugs.Data.Network;

public enum RelationshipType
{
    Knows,
    WorksWith,
    ReportsTo,
    Friend,
    Mentor,
    ClientOf,
    IntroducedBy,
}

/// <summary>
/// The relationship types that hold both ways (A knows B is B knows A): stored once per pair of
/// contacts, whichever end created it; the others (A reports to B, mentors B, …) have a direction.
/// </summary>
public static class RelationshipTypes
{
    public static readonly IReadOnlyList<RelationshipType> Symmetric = [RelationshipType.Knows, RelationshipType.WorksWith, RelationshipType.Friend];

    public static bool IsSymmetric(this RelationshipType type) => Symmetric.Contains(type);

    /// <summary>The pair as the unique edge key sees it: the two ends in ascending order for a symmetric type, else (from, to).</summary>
    public static (Guid, Guid, RelationshipType) EdgeKey(Guid from, Guid to, RelationshipType type) =>
        type.IsSymmetric() && string.CompareOrdinal(to.ToString("D"), from.ToString("D")) < 0 ? (to, from, type) : (from, to, type);
}

/// <summary>"<c>from</c> knows <c>to</c>", with a strength 1–5: an edge of the warm-introduction graph.</summary>
public sealed class ContactRelationship : TenantEntity, IUserStamped
{
    public Guid FromContactId { get; set; }
    public Guid ToContactId { get; set; }
    public RelationshipType RelationshipType { get; set; } = RelationshipType.Knows;
    public int Strength { get; set; } = 3;
    public string? Notes { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
}

public enum IntroductionStatus
{
    Requested,
    Accepted,
    Declined,
    Made,
    Completed,
}

/// <summary>A request that a plug introduce the organization to a target, and how it went.</summary>
public sealed class Introduction : TenantEntity, IUserStamped
{
    public Guid RequestedBy { get; set; }
    public Guid PlugContactId { get; set; }
    public Guid TargetContactId { get; set; }
    public IntroductionStatus Status { get; set; } = IntroductionStatus.Requested;
    public string? Message { get; set; }
    public string? Outcome { get; set; }
    public DateTime RequestedAt { get; set; }
    public DateTime? RespondedAt { get; set; }
    public DateTime? MadeAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
}
