using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.Query;
using Plugs.Api.Features.Interactions;
using Plugs.Api.Platform.Json;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts;

public sealed record ContactResponse(
    Guid Id, string FirstName, string LastName, string FullName, string? Email, string? Phone, string? Company,
    string? JobTitle, string? LinkedinUrl, string? Bio, string? AvatarUrl, ContactType ContactType, ContactStatus Status,
    ContactPriority Priority, string? BusinessType, string? NetworkType, string? Industry, string? Notes,
    JsonColumn Metadata, int LeadScore, LeadScoreSource LeadScoreSource, DateTime? LastInteraction, IReadOnlyList<string> Tags,
    Guid? CreatedBy, Guid? UpdatedBy, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>The interaction history, newest first: only on the single-contact endpoint.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<InteractionResponse>? Interactions { get; init; }

    /// <summary>Relationships in both directions, strongest first: only on the single-contact endpoint.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Network.RelationshipResponse>? Relationships { get; init; }

    /// <summary>
    /// The response, projected in the database: only the columns it shows are read (no entity is
    /// materialised), the tags come in the same row. The tag subquery names the context, which is
    /// a parameter here (compiled queries pass theirs); <see cref="Projection"/> binds it to one
    /// context, once per pooled context rather than on every request: building the tree, and EF's
    /// cache lookup of a new tree, were a measurable share of a cheap request.
    /// </summary>
    public static readonly Expression<Func<PlugsDbContext, Contact, ContactResponse>> ProjectionOf = (db, c) => new ContactResponse(
        c.Id, c.FirstName, c.LastName, c.FirstName + " " + c.LastName, c.Email, c.Phone, c.Company, c.JobTitle, c.LinkedinUrl,
        c.Bio, c.AvatarUrl, c.ContactType, c.Status, c.Priority, c.BusinessType, c.NetworkType, c.Industry, c.Notes,
        JsonColumn.Read(c.Metadata), c.LeadScore, c.LeadScoreSource, c.LastInteraction,
        SplitTags(db.ContactTags.Where(ct => ct.ContactId == c.Id)
            .Join(db.Tags, ct => ct.TagId, t => t.Id, (ct, t) => new { ct.ContactId, t.Name })
            .GroupBy(x => x.ContactId).Select(g => string.Join(TagSeparator, g.Select(x => x.Name))).FirstOrDefault()),
        c.CreatedBy, c.UpdatedBy, c.CreatedAt, c.UpdatedAt);

    public static Expression<Func<Contact, ContactResponse>> Projection(PlugsDbContext db) => Projections.GetValue(db, Bind);

    private static readonly ConditionalWeakTable<PlugsDbContext, Expression<Func<Contact, ContactResponse>>> Projections = new();

    private static Expression<Func<Contact, ContactResponse>> Bind(PlugsDbContext db) => Expression.Lambda<Func<Contact, ContactResponse>>(
        ReplacingExpressionVisitor.Replace(ProjectionOf.Parameters[0], Expression.Constant(db), ProjectionOf.Body), ProjectionOf.Parameters[1]);

    /// <summary>A whole contact with its tags, for the streaming export (vCard needs the entity).</summary>
    public sealed record Row(Contact Contact, List<string> Tags);

    public static Expression<Func<Contact, Row>> RowOf(PlugsDbContext db) => c => new Row(c,
        db.ContactTags.Where(ct => ct.ContactId == c.Id).Join(db.Tags, ct => ct.TagId, t => t.Id, (_, t) => t.Name).OrderBy(n => n).ToList());

    /// <summary>
    /// Tags travel as one aggregated column (string_agg / group_concat) rather than a joined
    /// collection: one row per contact, and no collection shaper per row. Tag names cannot contain
    /// control characters (<see cref="ContactRules"/>), so the unit separator is unambiguous.
    /// </summary>
    public const string TagSeparator = "\u001f";

    internal static string[] SplitTags(string? joined)
    {
        if (string.IsNullOrEmpty(joined))
        {
            return [];
        }
        var names = joined.Split(TagSeparator[0]);
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    public static ContactResponse From(Contact c, IReadOnlyList<string> tags) => new(
        c.Id, c.FirstName, c.LastName, $"{c.FirstName} {c.LastName}", c.Email, c.Phone, c.Company, c.JobTitle, c.LinkedinUrl,
        c.Bio, c.AvatarUrl, c.ContactType, c.Status, c.Priority, c.BusinessType, c.NetworkType, c.Industry, c.Notes,
        JsonColumn.Read(c.Metadata), c.LeadScore, c.LeadScoreSource, c.LastInteraction, tags,
        c.CreatedBy, c.UpdatedBy, c.CreatedAt, c.UpdatedAt);
}
