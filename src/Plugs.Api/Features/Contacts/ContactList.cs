using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts;

public sealed class ContactSort : ISortFields<Contact>
{
    public static IReadOnlyDictionary<string, Expression<Func<Contact, object?>>> Fields { get; } = new Dictionary<string, Expression<Func<Contact, object?>>>
    {
        ["created_at"] = c => c.CreatedAt,
        ["updated_at"] = c => c.UpdatedAt,
        ["first_name"] = c => c.FirstName,
        ["last_name"] = c => c.LastName,
        ["company"] = c => c.Company,
        ["lead_score"] = c => c.LeadScore,
        ["last_interaction"] = c => c.LastInteraction,
    };
}

/// <summary>The list's filters, bound from the query string with the API's snake_case names.</summary>
public sealed record ContactFilter(
    [FromQuery(Name = "contact_type")] QueryChoice<ContactType>? ContactType,
    [FromQuery(Name = "status")] QueryChoice<ContactStatus>? Status,
    [FromQuery(Name = "priority")] QueryChoice<ContactPriority>? Priority,
    [FromQuery(Name = "industry")] string? Industry,
    [FromQuery(Name = "business_type")] string? BusinessType,
    [FromQuery(Name = "network_type")] string? NetworkType,
    [FromQuery(Name = "tag")] string? Tag,
    [FromQuery(Name = "created_by")] Guid? CreatedBy,
    [FromQuery(Name = "min_lead_score")] int? MinLeadScore,
    [FromQuery(Name = "max_lead_score")] int? MaxLeadScore,
    [FromQuery(Name = "last_interaction_after")] DateTimeOffset? LastInteractionAfter,
    [FromQuery(Name = "last_interaction_before")] DateTimeOffset? LastInteractionBefore,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "sort")] SortBy<ContactSort>? Sort)
{
    /// <summary>
    /// Validates the filters (unknown enum values and bad ranges are 422s) and runs the text
    /// search's first step: the matching ids, or a search left to compose into the query.
    /// </summary>
    public async Task<Resolved> ResolveAsync(PlugsDbContext db, CancellationToken ct)
    {
        var type = QueryValues.Enum<ContactType>(ContactType, "contact_type");
        var status = QueryValues.Enum<ContactStatus>(Status, "status");
        var priority = QueryValues.Enum<ContactPriority>(Priority, "priority");
        if (MinLeadScore is < 0 or > 100 || MaxLeadScore is < 0 or > 100 || MinLeadScore > MaxLeadScore)
        {
            throw ValidationProblemException.For("min_lead_score", "Scores are 0-100 and min_lead_score ≤ max_lead_score.");
        }
        Guid[]? ids = null;
        string? pattern = null;
        if (!string.IsNullOrWhiteSpace(Q))
        {
            if (Q.Length > 200)
            {
                throw ValidationProblemException.For("q", "At most 200 characters.");
            }
            // Folded as the stored search text is: q=jose finds José, and so does q=JOSÉ.
            pattern = LikePattern.Contains(TextFolding.CaseAndAccents(Q));
            ids = await ContactSearch.MatchingIdsAsync(db, pattern, ct);
        }
        var lastInteraction = DateWindow.Of(LastInteractionAfter, LastInteractionBefore, "last_interaction");
        var values = new ContactFilterValues(type, status, priority, NullIfEmpty(Industry), NullIfEmpty(BusinessType),
            NullIfEmpty(NetworkType), string.IsNullOrWhiteSpace(Tag) ? null : TextFolding.Case(Tag.Trim()), CreatedBy, MinLeadScore, MaxLeadScore,
            lastInteraction.After, lastInteraction.Before, ids);
        return new Resolved(values, ids is null ? pattern : null);
    }

    /// <summary>The filter values, plus a search pattern still to apply when its matches were not read as ids.</summary>
    public sealed record Resolved(ContactFilterValues Values, string? SearchPattern);

    /// <summary>Applies every filter in the database (export, batch scoring; the list uses compiled queries of the same predicate).</summary>
    public async Task<IQueryable<Contact>> ApplyAsync(PlugsDbContext db, IQueryable<Contact> query, CancellationToken ct)
    {
        var resolved = await ResolveAsync(db, ct);
        return Apply(db, query, resolved);
    }

    public static IQueryable<Contact> Apply(PlugsDbContext db, IQueryable<Contact> query, Resolved resolved)
    {
        query = query.Where(ContactFilterValues.Bind(db, resolved.Values));
        return resolved.SearchPattern is { } pattern ? query.WhereSearchMatches(db, pattern) : query;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
