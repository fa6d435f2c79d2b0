namespace Plugs.Api.Features.Contacts.Transfer;

/// <summary>One contact as read from a file, before validation; <see cref="Line"/> is its 1-based line or card number.</summary>
public sealed record ImportRow(int Line)
{
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Company { get; set; }
    public string? JobTitle { get; set; }
    public string? LinkedinUrl { get; set; }
    public string? Industry { get; set; }
    public string? Notes { get; set; }
    public string? ContactType { get; set; }
    public string? Status { get; set; }
    public string? Priority { get; set; }
    public string? LeadScore { get; set; }
    public List<string> Tags { get; set; } = [];
    /// <summary>LinkedIn's "Connected On", kept in the contact's metadata as <see cref="ImportedFields.ConnectedOnKey"/>.</summary>
    public string? ConnectedOn { get; set; }
    /// <summary>The vCard UID, a mapped <c>uid</c> column, or <c>urn:uuid:&lt;id&gt;</c> from the <c>id</c> column of our own CSV export.</summary>
    public string? Uid { get; set; }
    /// <summary>Set when the reader could not make sense of the line at all.</summary>
    public string? ReadError { get; set; }
}

/// <summary>The fields a generic CSV column can be mapped to.</summary>
public static class ImportFields
{
    public static readonly IReadOnlyDictionary<string, Action<ImportRow, string?>> Setters = new Dictionary<string, Action<ImportRow, string?>>
    {
        ["first_name"] = (r, v) => r.FirstName = v,
        ["last_name"] = (r, v) => r.LastName = v,
        ["email"] = (r, v) => r.Email = v,
        ["phone"] = (r, v) => r.Phone = v,
        ["company"] = (r, v) => r.Company = v,
        ["job_title"] = (r, v) => r.JobTitle = v,
        ["linkedin_url"] = (r, v) => r.LinkedinUrl = v,
        ["industry"] = (r, v) => r.Industry = v,
        ["notes"] = (r, v) => r.Notes = v,
        ["contact_type"] = (r, v) => r.ContactType = v,
        ["status"] = (r, v) => r.Status = v,
        ["priority"] = (r, v) => r.Priority = v,
        ["lead_score"] = (r, v) => r.LeadScore = v,
        ["tags"] = (r, v) => r.Tags = CsvCells.SplitTags(v),
        ["connected_on"] = (r, v) => r.ConnectedOn = v,
        ["uid"] = (r, v) => r.Uid = v,
    };
}
