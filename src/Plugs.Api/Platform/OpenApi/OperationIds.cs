using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace Plugs.Api.Platform.OpenApi;

/// <summary>
/// An operationId for every operation, from its handler, so a new endpoint gets one without
/// annotations: a use case's <c>HandleAsync</c> is named after its class (<c>CreateContact</c>,
/// <c>RegisterAttendee</c>); a resource's CRUD handler in a <c>…Endpoints</c> class after its verb and
/// resource (<c>ContactEndpoints.ListAsync</c> → <c>ListContacts</c>, <c>GetAsync</c> → <c>GetContact</c>);
/// any other handler after its own name, which therefore says the whole operation
/// (<c>PasswordReset.ForgotPasswordAsync</c> → <c>ForgotPassword</c>). An endpoint with a name
/// (<c>WithName</c>: handlers mapped in a loop, use cases named with a noun) goes by that name. A
/// bare CRUD verb outside a <c>…Endpoints</c> class has no resource to name and is refused here, so
/// the document never says <c>ListLists</c>; a test holds the names unique.
/// </summary>
internal static class OperationIds
{
    private static readonly HashSet<string> CrudVerbs = ["List", "Get", "Create", "Update", "Delete", "Restore"];

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
        if (!CrudVerbs.Contains(verb))
        {
            return verb;
        }
        if (!owner.Name.EndsWith("Endpoints", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{owner.Name}.{handler.Name} ({description.HttpMethod} {description.RelativePath}): name the handler after its whole operation, e.g. {verb}{owner.Name}Async.");
        }
        var noun = owner.Name[..^9];
        return verb == "List" ? $"List{Plural(noun)}" : verb + noun;
    }

    private static string Plural(string noun) => noun.EndsWith('s') ? noun : noun.EndsWith('y') ? noun[..^1] + "ies" : noun + "s";
}
