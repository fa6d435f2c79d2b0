using Plugs.Api.Features.Contacts;
using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Plugs.Data.Contacts;
using Plugs.Data.Network;

namespace Plugs.Api.Features.Network;

/// <summary><c>GET /contacts/{id}/relationships</c>: the contact's edges in both directions, each with the contact at the other end.</summary>
public static class ContactRelationshipList
{
    /// <summary>An edge and the contact at its other end. Init properties, not a positional record: EF can sort through member initialisers only.</summary>
    public sealed class Row
    {
        public required ContactRelationship Relationship { get; init; }
        public required Contact Other { get; init; }
    }

    public sealed class RelationshipSort : ISortFields<Row>
    {
        public static IReadOnlyDictionary<string, Expression<Func<Row, object?>>> Fields { get; } = new Dictionary<string, Expression<Func<Row, object?>>>
        {
            ["created_at"] = x => x.Relationship.CreatedAt,
            ["updated_at"] = x => x.Relationship.UpdatedAt,
            ["strength"] = x => x.Relationship.Strength,
            ["relationship_type"] = x => x.Relationship.RelationshipType,
            ["last_name"] = x => x.Other.LastName,
        };
    }

    /// <summary>
    /// Filters <c>relationship_type</c> and <c>direction</c> (<c>outgoing</c>: this contact is the
    /// <c>from</c> end; <c>incoming</c>: the <c>to</c> end; a mutual relationship is both, and
    /// <c>mutual</c> lists only those); <c>sort</c> (default <c>-strength</c>); paging.
    /// Edges to deleted contacts are not listed.
    /// </summary>
    public static async Task<Ok<List<RelationshipResponse>>> ListContactRelationshipsAsync(
        Guid contactId, [AsParameters] PageQuery page, [FromQuery(Name = "relationship_type")] QueryChoice<RelationshipType>? type,
        [FromQuery(Name = "direction")] QueryChoice<RelationshipDirection>? direction, [FromQuery(Name = "sort")] SortBy<RelationshipSort>? sort,
        PlugsDbContext db, HttpContext http, CancellationToken ct)
    {
        await db.EnsureContactsExistAsync([contactId], ct);
        var edges = db.ContactRelationships.AsNoTracking().Where(r => r.FromContactId == contactId || r.ToContactId == contactId);
        if (QueryValues.Enum<RelationshipType>(type, "relationship_type") is { } t)
        {
            edges = edges.Where(r => r.RelationshipType == t);
        }
        edges = QueryValues.Enum<RelationshipDirection>(direction, "direction") switch
        {
            RelationshipDirection.Outgoing => edges.Where(NetworkScope.OrSymmetric(r => r.FromContactId == contactId)),
            RelationshipDirection.Incoming => edges.Where(NetworkScope.OrSymmetric(r => r.ToContactId == contactId)),
            RelationshipDirection.Mutual => edges.Where(NetworkScope.OrSymmetric(r => false)),
            _ => edges,
        };
        var query = WithOtherContact(db, edges, contactId, sort);
        return TypedResults.Ok(await page.ToPageAsync(query, http, ct));
    }

    /// <summary>Each edge with the contact at its other end (edges to deleted contacts drop out by the join), sorted.</summary>
    public static IQueryable<RelationshipResponse> WithOtherContact(PlugsDbContext db, IQueryable<ContactRelationship> edges, Guid contactId, SortBy<RelationshipSort>? sort)
    {
        var rows = from r in edges
                   join other in db.Contacts on (r.FromContactId == contactId ? r.ToContactId : r.FromContactId) equals other.Id
                   select new Row { Relationship = r, Other = other };
        return rows.ApplySort(sort, "-strength", x => x.Relationship.Id).Select(x => new RelationshipResponse(
            x.Relationship.Id, x.Relationship.FromContactId, x.Relationship.ToContactId, x.Relationship.RelationshipType,
            x.Relationship.Strength, x.Relationship.Notes, x.Relationship.CreatedBy, x.Relationship.UpdatedBy,
            x.Relationship.CreatedAt, x.Relationship.UpdatedAt)
        {
            Direction = RelationshipResponse.DirectionOf(x.Relationship.FromContactId, x.Relationship.RelationshipType, contactId),
            OtherContact = new ContactSummary(x.Other.Id, x.Other.FirstName, x.Other.LastName, x.Other.ContactType),
        });
    }
}
