using Plugs.Data.Common;

namespace Plugs.Data.Events;

public enum AgendaItemType
{
    Session,
    Keynote,
    Workshop,
    Panel,
    Break,
    Networking,
    Other,
}

/// <summary>A slot of an event's programme, inside the event's time range, with at most one speaker.</summary>
public sealed class EventAgendaItem : TenantEntity, IUserStamped
{
    public Guid EventId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public AgendaItemType ItemType { get; set; } = AgendaItemType.Session;
    public DateTime StartTime { get; set; }
    public DateTime EndTime { get; set; }
    public string? Location { get; set; }
    public Guid? SpeakerUserId { get; set; }
    public Guid? SpeakerContactId { get; set; }
    public int SortOrder { get; set; }
    public Guid? CreatedBy { get; set; }
    public Guid? UpdatedBy { get; set; }
}
