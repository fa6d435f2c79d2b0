using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace Plugs.Api.Platform.Http;

/// <summary>
/// Refuses a query parameter the endpoint does not read with 422 naming it and listing the ones it
/// does: a typo (<c>?stauts=hot_lead</c>) or a parameter the API no longer has would otherwise be
/// ignored silently and answer with everything. The names are the ones the handler binds from the
/// query, found once per endpoint from its signature the way the framework infers them
/// (<c>[FromQuery]</c>, <c>[AsParameters]</c> members, and simple values that are neither route
/// values nor services), so they are the ones the OpenAPI document lists.
/// </summary>
public static class KnownQueryParameters
{
    public static RouteGroupBuilder RefuseUnknownQueryParameters(this RouteGroupBuilder group)
    {
        group.AddEndpointFilterFactory((factory, next) =>
        {
            var isService = factory.ApplicationServices.GetService<IServiceProviderIsService>();
            HashSet<string>? known = null;
            return context =>
            {
                var query = context.HttpContext.Request.Query;
                if (query.Count == 0)
                {
                    return next(context);
                }
                known ??= Names(factory.MethodInfo, isService, RouteNames(context.HttpContext));
                foreach (var name in query.Keys)
                {
                    if (!known.Contains(name))
                    {
                        throw ValidationProblemException.For(name, known.Count == 0
                            ? "Unknown parameter: this operation takes none in the query string."
                            : $"Unknown parameter. Allowed: {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
                    }
                }
                return next(context);
            };
        });
        return group;
    }

    private static HashSet<string> RouteNames(HttpContext http) =>
        http.GetEndpoint() is RouteEndpoint endpoint
            ? endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];

    /// <summary>The query names a handler binds (exact case: the query string is matched ignoring case by the binder, and so here).</summary>
    internal static HashSet<string> Names(MethodInfo handler, IServiceProviderIsService? isService, HashSet<string> routeNames)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in handler.GetParameters())
        {
            Add(names, parameter.ParameterType, parameter.Name!, parameter, isService, routeNames);
        }
        return names;
    }

    private static void Add(HashSet<string> names, Type type, string name, ICustomAttributeProvider attributes, IServiceProviderIsService? isService, HashSet<string> routeNames)
    {
        var declared = attributes.GetCustomAttributes(true);
        if (declared.OfType<FromQueryAttribute>().FirstOrDefault() is { } fromQuery)
        {
            names.Add(fromQuery.Name ?? name);
            return;
        }
        if (declared.OfType<AsParametersAttribute>().Any())
        {
            var constructor = type.GetConstructors().MaxBy(c => c.GetParameters().Length);
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
            foreach (var argument in constructor?.GetParameters() ?? [])
            {
                // A record's attributes sit on its constructor parameters; a class's on its properties.
                Add(names, argument.ParameterType, argument.Name!, argument, isService, routeNames);
            }
            foreach (var property in properties.Where(p => p.CanWrite && constructor?.GetParameters().Any(a => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase)) != true))
            {
                Add(names, property.PropertyType, property.Name, property, isService, routeNames);
            }
            return;
        }
        if (declared.Any(a => a is FromRouteAttribute or FromBodyAttribute or FromServicesAttribute or FromHeaderAttribute or FromFormAttribute or FromKeyedServicesAttribute)
            || routeNames.Contains(name) || !IsSimple(type) || isService?.IsService(type) == true)
        {
            return;
        }
        names.Add(name);
    }

    /// <summary>What minimal APIs bind from a route or query value: text, numbers, and types with a static TryParse.</summary>
    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(Microsoft.Extensions.Primitives.StringValues))
        {
            return true;
        }
        if (type.IsArray)
        {
            return IsSimple(type.GetElementType()!);
        }
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
            || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan)
            || type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]) is not null
            || type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]) is not null;
    }
}
