using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Query;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts;

/// <summary>
/// The list filters' values after validation; null means "not filtered on". <see cref="Tag"/> is a
/// tag's normalized name (<c>TextFolding.Case</c>); <see cref="Ids"/> are a text search's matches, already read.
/// </summary>
public sealed record ContactFilterValues(
    ContactType? Type, ContactStatus? Status, ContactPriority? Priority, string? Industry, string? BusinessType,
    string? NetworkType, string? Tag, Guid? CreatedBy, int? MinLeadScore, int? MaxLeadScore,
    DateTime? LastInteractionAfter, DateTime? LastInteractionBefore, Guid[]? Ids)
{
    /// <summary>
    /// Every filter as one predicate, each term switched off by a null value. EF Core builds the
    /// SQL per combination of null parameters and leaves the switched-off terms out of it, so
    /// <c>?status=hot_lead</c> runs <c>WHERE … AND c.status = @status</c> and nothing else. The
    /// list, export and batch scoring all use it through <see cref="Bind"/>.
    /// </summary>
    public static readonly Expression<Func<PlugsDbContext, ContactFilterValues, Contact, bool>> Predicate = (db, v, c) =>
        (v.Type == null || c.ContactType == v.Type)
        && (v.Status == null || c.Status == v.Status)
        && (v.Priority == null || c.Priority == v.Priority)
        && (v.Industry == null || c.Industry == v.Industry)
        && (v.BusinessType == null || c.BusinessType == v.BusinessType)
        && (v.NetworkType == null || c.NetworkType == v.NetworkType)
        && (v.Tag == null || db.ContactTags.Any(ct => ct.ContactId == c.Id && db.Tags.Any(t => t.Id == ct.TagId && t.NormalizedName == v.Tag)))
        && (v.CreatedBy == null || c.CreatedBy == v.CreatedBy)
        && (v.MinLeadScore == null || c.LeadScore >= v.MinLeadScore)
        && (v.MaxLeadScore == null || c.LeadScore <= v.MaxLeadScore)
        && (v.LastInteractionAfter == null || c.LastInteraction >= v.LastInteractionAfter)
        && (v.LastInteractionBefore == null || c.LastInteraction < v.LastInteractionBefore)
        && (v.Ids == null || Enumerable.Contains(v.Ids, c.Id));

    /// <summary>The predicate for these values on this context (EF turns the values into parameters).</summary>
    public static Expression<Func<Contact, bool>> Bind(PlugsDbContext db, ContactFilterValues values) =>
        Expression.Lambda<Func<Contact, bool>>(
            ReplacingExpressionVisitor.Replace(
                [Predicate.Parameters[0], Predicate.Parameters[1]], [Expression.Constant(db), Expression.Constant(values)], Predicate.Body),
            Predicate.Parameters[2]);
}
