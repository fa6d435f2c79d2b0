using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Plugs.Data.Audit;
using Plugs.Data.Common;
using Plugs.Data.Contacts;
using Plugs.Data.Events;
using Plugs.Data.Network;

namespace Plugs.Data.Webhooks;

/// <summary>
/// Turns a save's tracked changes into outbox rows (<see cref="WebhookEvent"/>) in the same save,
/// by one rule per entity (<see cref="EventOf"/>), so every path that saves — an endpoint, an
/// import's update, a merge, a job — emits the same events without code of its own. The event's
/// <c>data</c> is the row after the change, by its snake_case column names (as the audit log reads
/// it: derived and redacted columns and the organization left out); an update also carries <c>previous</c>,
/// the changed columns' values before it. Use cases that are not one row's change
/// (<c>contact.merged</c>, set-based promotions) call <see cref="Publish"/>.
/// </summary>
public static class WebhookTrail
{
    /// <summary>Every event type the rules and the use cases emit (besides <c>ping</c>).</summary>
    public static readonly IReadOnlyList<string> EventTypes =
    [
        "contact.created", "contact.updated", "contact.deleted", "contact.merged",
        "interaction.created",
        "introduction.status_changed",
        "event.published", "event.cancelled",
        "attendee.registered", "attendee.promoted", "attendee.checked_in",
    ];

    public const string Ping = "ping";

    internal static void Record(PlugsDbContext db, IEnumerable<EntityEntry> entries, DateTime now)
    {
        List<WebhookEvent>? events = null;
        foreach (var entry in entries)
        {
            if (EventOf(entry) is { } type)
            {
                (events ??= []).Add(NewEvent(db, type, Data(entry), now));
            }
        }
        if (events is not null)
        {
            db.WebhookEvents.AddRange(events);
        }
    }

    /// <summary>Adds an event with <paramref name="data"/> (serialised snake_case) to the unit of work's next save.</summary>
    public static WebhookEvent Publish(PlugsDbContext db, string type, object data, Guid? subscriptionId = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(w, data, DataJson);
        }
        var e = NewEvent(db, type, Encoding.UTF8.GetString(buffer.WrittenSpan), db.Clock.StoredUtcNow());
        e.SubscriptionId = subscriptionId;
        db.WebhookEvents.Add(e);
        return e;
    }

    private static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private static WebhookEvent NewEvent(PlugsDbContext db, string type, string data, DateTime now)
    {
        var id = Guid.CreateVersion7(now);
        var timestamp = DateTime.SpecifyKind(now, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return new WebhookEvent
        {
            Id = id,
            OrganizationId = db.Tenant.RequiredOrganizationId,
            EventType = type,
            // The Standard Webhooks envelope; the data is already JSON.
            Payload = $$"""{"type":{{JsonSerializer.Serialize(type)}},"timestamp":"{{timestamp}}","data":{{data}}}""",
            CreatedAt = now,
        };
    }

    /// <summary>The one rule per entity: which change of which row is which event.</summary>
    private static string? EventOf(EntityEntry entry) => entry.Entity switch
    {
        Contact when entry.State == EntityState.Added => "contact.created",
        Contact when Became(entry, nameof(Contact.IsDeleted), true) => "contact.deleted",
        Contact when entry.State == EntityState.Modified && !Changed(entry, nameof(Contact.IsDeleted)) && ChangedAnyAudited(entry) => "contact.updated",
        ContactInteraction when entry.State == EntityState.Added => "interaction.created",
        Introduction when entry.State == EntityState.Modified && Changed(entry, nameof(Introduction.Status)) => "introduction.status_changed",
        Event { Status: EventStatus.Published } when entry.State == EntityState.Added || Changed(entry, nameof(Event.Status)) => "event.published",
        Event { Status: EventStatus.Cancelled } when Changed(entry, nameof(Event.Status)) => "event.cancelled",
        EventAttendee when entry.State == EntityState.Added => "attendee.registered",
        EventAttendee { Status: AttendeeStatus.Registered } when Was(entry, nameof(EventAttendee.Status), AttendeeStatus.Waitlisted) => "attendee.promoted",
        EventAttendee when entry.State == EntityState.Modified && WasSet(entry, nameof(EventAttendee.CheckedInAt)) => "attendee.checked_in",
        _ => null,
    };

    private static bool Changed(EntityEntry entry, string property) =>
        entry.State == EntityState.Modified && entry.Property(property) is { IsModified: true } p && !Equals(p.OriginalValue, p.CurrentValue);

    private static bool Became(EntityEntry entry, string property, object value) =>
        Changed(entry, property) && Equals(entry.Property(property).CurrentValue, value);

    /// <summary>Whether a null column got a value (a separate name: an overload taking a bool would capture <c>Became(…, true)</c>).</summary>
    private static bool WasSet(EntityEntry entry, string property) =>
        Changed(entry, property) && entry.Property(property).OriginalValue is null && entry.Property(property).CurrentValue is not null;

    private static bool Was(EntityEntry entry, string property, object value) =>
        Changed(entry, property) && Equals(entry.Property(property).OriginalValue, value);

    private static bool ChangedAnyAudited(EntityEntry entry) =>
        AuditTrail.ColumnsOf(entry.Metadata).Any(c => Changed(entry, c.Property.Name));

    private static string Data(EntityEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var property in entry.Metadata.GetProperties().Where(p => StampColumns.Contains(p.Name)))
            {
                w.WritePropertyName(property.GetColumnName());
                AuditTrail.WriteValue(w, Column(property), entry.Property(property.Name).CurrentValue);
            }
            foreach (var c in AuditTrail.ColumnsOf(entry.Metadata).Where(c => !c.Redacted))
            {
                w.WritePropertyName(c.Name);
                AuditTrail.WriteValue(w, c, entry.Property(c.Property.Name).CurrentValue);
            }
            if (entry.State == EntityState.Modified)
            {
                w.WritePropertyName("previous");
                w.WriteStartObject();
                foreach (var c in AuditTrail.ColumnsOf(entry.Metadata))
                {
                    if (!c.Redacted && Changed(entry, c.Property.Name))
                    {
                        w.WritePropertyName(c.Name);
                        AuditTrail.WriteValue(w, c, entry.Property(c.Property.Name).OriginalValue);
                    }
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The row's identity and stamps (the audit log keeps these in its own columns; an event carries them in its data).</summary>
    private static readonly HashSet<string> StampColumns =
        [nameof(Entity.Id), nameof(Entity.CreatedAt), nameof(Entity.UpdatedAt), nameof(IUserStamped.CreatedBy), nameof(IUserStamped.UpdatedBy)];

    private static AuditTrail.Column Column(IProperty property) =>
        new(property, property.GetColumnName(), false, property.GetTypeMapping().Converter);
}
