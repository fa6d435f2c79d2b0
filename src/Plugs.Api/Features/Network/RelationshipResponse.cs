using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Plugs.Data.Network;

namespace Plugs.Api.Features.Network;

/// <summary>
/// Seen from the contact whose relationships are listed: it is the <c>from</c> end (outgoing) or
/// the <c>to</c> end (incoming); a relationship of a symmetric type (knows, works_with, friend)
/// holds both ways (mutual).
/// </summary>
public enum RelationshipDirection
{
    Outgoing,
    Incoming,
    Mutual,
}

public sealed record RelationshipResponse(
    Guid Id, Guid FromContactId, Guid ToContactId, RelationshipType RelationshipType, int Strength, string? Notes,
    Guid? CreatedBy, Guid? UpdatedBy, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>Only in a contact's relationship list.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RelationshipDirection? Direction { get; init; }

    /// <summary>The contact at the other end: only in a contact's relationship list.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ContactSummary? OtherContact { get; init; }

    public static readonly Expression<Func<ContactRelationship, RelationshipResponse>> Projection = r => new RelationshipResponse(
        r.Id, r.FromContactId, r.ToContactId, r.RelationshipType, r.Strength, r.Notes, r.CreatedBy, r.UpdatedBy, r.CreatedAt, r.UpdatedAt);

    private static readonly Func<ContactRelationship, RelationshipResponse> Compiled = Projection.Compile();

    public static RelationshipResponse From(ContactRelationship relationship) => Compiled(relationship);

    public static RelationshipDirection DirectionOf(Guid fromContactId, RelationshipType type, Guid seenFrom) =>
        type.IsSymmetric() ? RelationshipDirection.Mutual
        : fromContactId == seenFrom ? RelationshipDirection.Outgoing : RelationshipDirection.Incoming;
}
