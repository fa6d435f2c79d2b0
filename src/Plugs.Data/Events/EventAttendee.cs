using Plugs.Data.Common;

namespace Plugs.Data.Events;

public enum AttendeeRole
{
    Attendee,
    Speaker,
    Organizer,
    Sponsor,
    Volunteer,
}

public enum AttendeeStatus
{
    Invited,
    Registered,
    Waitlisted,
    Attended,
    Cancelled,
    NoShow,
}

/// <summary>One person's place at an event: a user of the organization or one of its contacts, never both.</summary>
public sealed class EventAttendee : TenantEntity, IUserStamped
{
    public Guid EventId { get; set; }
    public Guid? UserId { get; set; }
    public Guid? ContactId { get; set; }
    public AttendeeRole Role { get; set; } = AttendeeRole.Attendee;
    public AttendeeStatus Status { get; set; } = AttendeeStatus.Registered;
    public DateTime? RegisteredAt { get; set; }
    public DateTime? CheckedInAt { get; set; }
    /// <summary>1-based place in the queue; set exactly when the status is waitlisted.</summary>
    public int? WaitlistPosition { get; set; }
    public string? Notes { get; set; }
    public string Metadata { get; set; } = "{}";
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
}
