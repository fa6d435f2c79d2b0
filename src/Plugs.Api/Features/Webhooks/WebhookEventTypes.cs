namespace Plugs.Api.Features.Webhooks;

/// <summary>
/// The events a subscription may ask for: the one list, documented in docs/api.md and served by
/// <c>GET /webhook-event-types</c> (the OpenAPI document does not enumerate it: the list grows as
/// features land, and a generated enum would refuse new names). The list is the outbox's own
/// (<see cref="Plugs.Data.Webhooks.WebhookTrail.EventTypes"/>): a name is subscribable exactly when something emits it.
/// </summary>
public static class WebhookEventTypes
{
    public static readonly IReadOnlyList<string> All = Plugs.Data.Webhooks.WebhookTrail.EventTypes;

    private static readonly HashSet<string> Known = [.. All];

    public static bool IsKnown(string? name) => name is not null && Known.Contains(name);
}
