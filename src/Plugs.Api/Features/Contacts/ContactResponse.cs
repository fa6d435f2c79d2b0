using Plugs.Api.Platform.Json;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Serialization;
using Plugs.Api.Features.Interactions;
using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Contacts;

public sealed record ContactResponse(
    Guid Id, string FirstName, string LastName, string FullName, string? Email, string? Phone, string? Company,
    string? JobTitle, string? LinkedinUrl, string? Bio, string? AvatarUrl, ContactType ContactType, ContactStatus Status,
    ContactPriority Priority, string? BusinessType, string? NetworkType, string? Industry, string? Notes,
    JsonElement Metadata, int LeadScore, DateTime? LastInteraction, IReadOnlyList<string> Tags,
    Guid? CreatedBy, Guid? UpdatedBy, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>The interaction history, newest first: only on the single-contact endpoint.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<InteractionResponse>? Interactions { get; init; }

    /// <summary>Relationships in both directions, strongest first: only on the single-contact endpoint.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Network.RelationshipResponse>? Relationships { get; init; }

    /// <summary>The columns a response needs, read in the database (tags as a correlated subquery).</summary>
    public sealed record Row(Contact Contact, List<string> Tags);

    public static Expression<Func<Contact, Row>> RowOf(PlugsDbContext db) => c => new Row(c,
        db.ContactTags.Where(ct => ct.ContactId == c.Id).Join(db.Tags, ct => ct.TagId, t => t.Id, (_, t) => t.Name).OrderBy(n => n).ToList());

    public static ContactResponse From(Row row) => From(row.Contact, row.Tags);

    public static ContactResponse From(Contact c, IReadOnlyList<string> tags) => new(
        c.Id, c.FirstName, c.LastName, $"{c.FirstName} {c.LastName}", c.Email, c.Phone, c.Company, c.JobTitle, c.LinkedinUrl,
        c.Bio, c.AvatarUrl, c.ContactType, c.Status, c.Priority, c.BusinessType, c.NetworkType, c.Industry, c.Notes,
        JsonColumn.Read(c.Metadata), c.LeadScore, c.LastInteraction, tags,
        c.CreatedBy, c.UpdatedBy, c.CreatedAt, c.UpdatedAt);
}
