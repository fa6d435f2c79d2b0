using Plugs.Data.Audit;
using Plugs.Data.Common;

namespace Plugs.Data.Contacts;

public enum ContactImportStatus
{
    /// <summary>Still writing its batches, or stopped part-way (client gone, instance stopped): what it wrote is recorded.</summary>
    Running,
    Completed,
    Undone,
}

public enum ContactImportAction
{
    Created,
    Updated,
    Unchanged,
    Skipped,
}

/// <summary>
/// One import of a file into the organization's contacts (dry runs are not stored): who ran it,
/// when, what file, the counts, and through its rows what it did to each contact, so that it can
/// be undone.
/// </summary>
public sealed class ContactImport : Entity, ITenantOwned, IUserStamped
{
    public Guid OrganizationId { get; set; }
    public required string FileName { get; set; }
    /// <summary><c>linkedin</c>, <c>csv</c> or <c>vcard</c>.</summary>
    public required string Format { get; set; }
    public ContactImportStatus Status { get; set; } = ContactImportStatus.Running;
    public int TotalRows { get; set; }
    public int CreatedCount { get; set; }
    public int UpdatedCount { get; set; }
    public int UnchangedCount { get; set; }
    public int SkippedCount { get; set; }
    public DateTime? CompletedAt { get; set; }
    public DateTime? UndoneAt { get; set; }
    public Guid? UndoneBy { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
}

/// <summary>
/// What an import did with one line (or card) of its file. <see cref="Changes"/> (updated rows
/// only) is a JSON object <c>{"fields": {name: {"from": old, "to": new}}, "tags_added": [...]}</c>:
/// what undo puts back.
/// </summary>
[NotAudited("the import's own line-by-line log: the import is audited as an action and the contacts it writes as changes")]
public sealed class ContactImportRow : ITenantOwned
{
    public Guid OrganizationId { get; set; }
    public Guid ImportId { get; set; }
    public int Line { get; set; }
    public ContactImportAction Action { get; set; }
    public Guid? ContactId { get; set; }
    public string? Reason { get; set; }
    public string? Changes { get; set; }
}
