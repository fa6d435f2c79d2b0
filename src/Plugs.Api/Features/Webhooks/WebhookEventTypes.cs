namespace Plugs.Api.Features.Webhooks;

/// <summary>
/// The events a subscription may ask for: the one documented list (docs/api.md, and the OpenAPI
/// document's enum on <c>event_types</c>). Later features add theirs here as they land.
/// </summary>
public static class WebhookEventTypes
{
    public static readonly IReadOnlyList<string> All =
    [
        "contact.created", "contact.updated", "contact.deleted", "contact.merged",
        "interaction.created",
        "introduction.status_changed",
        "event.published", "event.cancelled",
        "attendee.registered", "attendee.promoted", "attendee.checked_in",
    ];

    private static readonly HashSet<string> Known = [.. All];

    public static bool IsKnown(string? name) => name is not null && Known.Contains(name);
}
