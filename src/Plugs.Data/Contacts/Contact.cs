using Plugs.Data.Common;

namespace Plugs.Data.Contacts;

public enum ContactType
{
    Target,
    Contact,
    Plug,
}

public enum ContactStatus
{
    NewClient,
    ExistingClient,
    HotLead,
    ColdLead,
}

public enum ContactPriority
{
    High,
    Medium,
    Low,
}

/// <summary>Someone in the organization's network: a target to reach, a contact, or a plug who can introduce.</summary>
public sealed class Contact : TenantEntity, IUserStamped
{
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Company { get; set; }
    public string? JobTitle { get; set; }
    public string? LinkedinUrl
    {
        get;
        set
        {
            field = value;
            LinkedinKey = LinkedInProfile.Key(value);
        }
    }

    /// <summary>
    /// The LinkedIn profile <see cref="LinkedinUrl"/> names, normalised (<see cref="LinkedInProfile.Key"/>),
    /// or null when it names none: set with the URL, so every write keeps it, and indexed, so an
    /// import finds the contact a connection's URL names in one lookup.
    /// </summary>
    public string? LinkedinKey { get; private set; }

    /// <summary>The vCard <c>UID</c> (or a CSV's mapped <c>uid</c>) the contact was imported with: a later import of the same card matches it.</summary>
    public string? ExternalUid { get; set; }
    public string? Bio { get; set; }
    public string? AvatarUrl { get; set; }
    public ContactType ContactType { get; set; } = ContactType.Target;
    public ContactStatus Status { get; set; } = ContactStatus.ColdLead;
    public ContactPriority Priority { get; set; } = ContactPriority.Medium;
    public string? BusinessType { get; set; }
    public string? NetworkType { get; set; }
    public string? Industry { get; set; }
    public string? Notes { get; set; }
    /// <summary>Raw JSON object.</summary>
    public string Metadata { get; set; } = "{}";
    public int LeadScore { get; set; }
    /// <summary>The date of the latest completed interaction; maintained by the server, never by clients.</summary>
    public DateTime? LastInteraction { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
    /// <summary>
    /// Lower-cased name, e-mail, company, job title and notes: a column the database computes,
    /// so one trigram index (PostgreSQL) serves the <c>q</c> search.
    /// </summary>
    public string SearchText { get; private set; } = "";
}
