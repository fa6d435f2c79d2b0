namespace Plugs.Api.Features.Webhooks;

/// <summary>
/// The events a subscription may ask for: the one list, documented in docs/api.md and served by
/// <c>GET /webhook-event-types</c> (the OpenAPI document does not enumerate it: the list grows as
/// features land, and a generated enum would refuse new names). Later features add theirs here.
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
