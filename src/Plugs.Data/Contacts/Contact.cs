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

/// <summary>
/// Where a contact's lead score comes from: <c>derived</c> — computed by the rule on every create
/// and update (Features/Contacts/LeadScoring) — or <c>manual</c>, set by a person and kept as it is.
/// </summary>
public enum LeadScoreSource
{
    Derived,
    Manual,
}

/// <summary>Someone in the organization's network: a target to reach, a contact, or a plug who can introduce.</summary>
public sealed class Contact : TenantEntity, IUserStamped, IDerivesColumns
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
    public LeadScoreSource LeadScoreSource { get; set; } = LeadScoreSource.Derived;
    /// <summary>The date of the latest completed interaction; maintained by the server, never by clients.</summary>
    public DateTime? LastInteraction { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
    /// <summary>
    /// Name, e-mail, company, job title and notes, folded to ignore case and accents
    /// (<see cref="TextFolding.CaseAndAccents"/>): what the <c>q</c> search matches, through one
    /// trigram index on PostgreSQL. Computed on every save (<see cref="DeriveColumns"/>).
    /// </summary>
    [DerivedFrom(nameof(FirstName), nameof(LastName), nameof(Email), nameof(Company), nameof(JobTitle), nameof(Notes))]
    public string SearchText { get; private set; } = "";

    public void DeriveColumns() => SearchText = SearchTextOf(FirstName, LastName, Email, Company, JobTitle, Notes);

    /// <summary>The search text of these values (also for writes that bypass the change tracker).</summary>
    public static string SearchTextOf(string? firstName, string? lastName, string? email, string? company, string? jobTitle, string? notes) =>
        TextFolding.CaseAndAccents(string.Join(' ', firstName ?? "", lastName ?? "", email ?? "", company ?? "", jobTitle ?? "", notes ?? ""));
}
