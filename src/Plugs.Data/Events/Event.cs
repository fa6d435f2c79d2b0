using Plugs.Data.Common;

namespace Plugs.Data.Events;

public enum EventType
{
    Conference,
    Workshop,
    Networking,
    Meeting,
}

/// <summary>The lifecycle: draft → published → ongoing → completed; cancelled from any open state.</summary>
public enum EventStatus
{
    Draft,
    Published,
    Ongoing,
    Completed,
    Cancelled,
}

/// <summary>An event the organization runs or attends, with its capacity, budget and agenda.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "The domain's word; no VB consumers.")]
public sealed class Event : TenantEntity, IUserStamped
{
    public required string Title { get; set; }
    public string? Description { get; set; }
    public EventType EventType { get; set; } = EventType.Networking;
    public EventStatus Status { get; set; } = EventStatus.Draft;
    public DateTime StartDate { get; set; }
    public DateTime EndDate { get; set; }
    /// <summary>An IANA time zone name, used to present the event (the instants are stored in UTC).</summary>
    public string Timezone { get; set; } = "UTC";
    public string? Location { get; set; }
    public string? Venue { get; set; }
    /// <summary>Raw JSON object.</summary>
    public string VenueDetails { get; set; } = "{}";
    public decimal Budget { get; set; }
    public string Currency { get; set; } = "USD";
    /// <summary>A hard cap on registered + attended people of role attendee (the event's own people take no seat); null means unlimited.</summary>
    public int? MaxAttendees { get; set; }
    /// <summary>Registered + attended people of role attendee; maintained by the server in the same transaction as every change to them.</summary>
    public int CurrentAttendees { get; set; }
    public string? RegistrationUrl { get; set; }
    public string Settings { get; set; } = "{}";
    public string Metadata { get; set; } = "{}";
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
}
