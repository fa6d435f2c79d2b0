using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace Plugs.Api.Platform.OpenApi;

/// <summary>
/// An operationId for every operation, from its handler: a use case's <c>HandleAsync</c> is named
/// after its class (<c>CreateContact</c>, <c>RegisterAttendee</c>); a resource's handler after its
/// verb and resource (<c>ContactEndpoints.ListAsync</c> → <c>ListContacts</c>, <c>GetAsync</c> →
/// <c>GetContact</c>); an endpoint with a name (<c>WithName</c>, as handlers mapped in a loop have)
/// by that name. A test holds them unique.
/// </summary>
internal static class OperationIds
{
    public static string For(ApiDescription description)
    {
        if (description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault() is { } named)
        {
            // Endpoints mapped in a loop name themselves (publish_event); written in the same case as the rest.
            return string.Concat(named.EndpointName.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        }
        var handler = description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault()
            ?? throw new InvalidOperationException($"{description.HttpMethod} {description.RelativePath} has no handler method.");
        var owner = handler.DeclaringType!;
        while (owner.IsNested && owner.Name.StartsWith('<'))
        {
            owner = owner.DeclaringType!; // a lambda's closure class
        }
        var verb = handler.Name.StartsWith('<') ? throw new InvalidOperationException($"{description.HttpMethod} {description.RelativePath}: give the handler a name.") : handler.Name;
        verb = verb.EndsWith("Async", StringComparison.Ordinal) ? verb[..^5] : verb;
        if (verb == "Handle")
        {
            return owner.Name;
        }
        var noun = owner.Name.EndsWith("Endpoints", StringComparison.Ordinal) ? owner.Name[..^9] : owner.Name;
        return verb == "List" ? $"List{Plural(noun)}" : verb.Contains(noun, StringComparison.Ordinal) ? verb : verb + noun;
    }

    private static string Plural(string noun) => noun.EndsWith('s') ? noun : noun.EndsWith('y') ? noun[..^1] + "ies" : noun + "s";
}
