using System.Linq.Expressions;
using Microsoft.AspNetCore.Mvc;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts;

/// <summary>The list's filters, bound from the query string with the API's snake_case names.</summary>
public sealed record ContactFilter(
    [FromQuery(Name = "contact_type")] string? ContactType,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "priority")] string? Priority,
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
    [FromQuery(Name = "sort")] string? Sort)
{
    public static readonly Dictionary<string, Expression<Func<Contact, object?>>> SortFields = new()
    {
        ["created_at"] = c => c.CreatedAt,
        ["updated_at"] = c => c.UpdatedAt,
        ["first_name"] = c => c.FirstName,
        ["last_name"] = c => c.LastName,
        ["company"] = c => c.Company,
        ["lead_score"] = c => c.LeadScore,
        ["last_interaction"] = c => c.LastInteraction,
    };

    /// <summary>Applies every filter in the database; unknown enum values and bad ranges are 422s.</summary>
    public async Task<IQueryable<Contact>> ApplyAsync(PlugsDbContext db, IQueryable<Contact> query, CancellationToken ct)
    {
        if (QueryValues.Enum<ContactType>(ContactType, "contact_type") is { } type)
        {
            query = query.Where(c => c.ContactType == type);
        }
        if (QueryValues.Enum<ContactStatus>(Status, "status") is { } status)
        {
            query = query.Where(c => c.Status == status);
        }
        if (QueryValues.Enum<ContactPriority>(Priority, "priority") is { } priority)
        {
            query = query.Where(c => c.Priority == priority);
        }
        if (!string.IsNullOrEmpty(Industry))
        {
            query = query.Where(c => c.Industry == Industry);
        }
        if (!string.IsNullOrEmpty(BusinessType))
        {
            query = query.Where(c => c.BusinessType == BusinessType);
        }
        if (!string.IsNullOrEmpty(NetworkType))
        {
            query = query.Where(c => c.NetworkType == NetworkType);
        }
        if (!string.IsNullOrEmpty(Tag))
        {
            query = query.Where(c => db.ContactTags.Any(ct => ct.ContactId == c.Id && db.Tags.Any(t => t.Id == ct.TagId && t.Name == Tag)));
        }
        if (CreatedBy is { } creator)
        {
            query = query.Where(c => c.CreatedBy == creator);
        }
        if (MinLeadScore is < 0 or > 100 || MaxLeadScore is < 0 or > 100 || MinLeadScore > MaxLeadScore)
        {
            throw ValidationProblemException.For("min_lead_score", "Scores are 0-100 and min_lead_score ≤ max_lead_score.");
        }
        if (MinLeadScore is { } min)
        {
            query = query.Where(c => c.LeadScore >= min);
        }
        if (MaxLeadScore is { } max)
        {
            query = query.Where(c => c.LeadScore <= max);
        }
        if (LastInteractionAfter is { } after)
        {
            var utc = after.UtcDateTime;
            query = query.Where(c => c.LastInteraction >= utc);
        }
        if (LastInteractionBefore is { } before)
        {
            var utc = before.UtcDateTime;
            query = query.Where(c => c.LastInteraction < utc);
        }
        if (!string.IsNullOrWhiteSpace(Q))
        {
            if (Q.Length > 200)
            {
                throw ValidationProblemException.For("q", "At most 200 characters.");
            }
            query = await query.WhereSearchMatchesAsync(db, LikePattern.Contains(Q), ct);
        }
        return query;
    }
}
