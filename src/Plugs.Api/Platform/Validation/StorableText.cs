using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Plugs.Api.Platform.Validation;

/// <summary>
/// The one input rule for text (DESIGN §4): no U+0000 and no unpaired UTF-16 surrogate, in any
/// string the API is sent — JSON bodies (every string, every key of a JSON object, at any depth:
/// <see cref="Json.StorableTextConverters"/>), query strings and form fields (<see cref="RefuseUnstorableText"/>)
/// and the rows of imported files. PostgreSQL cannot store either (its text types refuse NUL, and
/// UTF-8 has no encoding for a lone surrogate); SQLite would store them, and what one provider
/// refuses the other must refuse too, with the same 422 naming the field.
/// </summary>
public static class StorableText
{
    public const string Message = "Must not contain U+0000 (NUL) or unpaired UTF-16 surrogates.";

    public static bool IsStorable(ReadOnlySpan<char> text) => FirstUnstorable(text) < 0;

    /// <summary>The index of the first U+0000 or unpaired surrogate, or -1.</summary>
    public static int FirstUnstorable(ReadOnlySpan<char> text)
    {
        // Both scans are vectorised; only text with a surrogate is walked pair by pair.
        var nul = text.IndexOf('\0');
        var end = nul < 0 ? text.Length : nul;
        var i = text[..end].IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return nul;
        }
        for (; i < end; i++)
        {
            if (char.IsLowSurrogate(text[i]))
            {
                return i;
            }
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= end || !char.IsLowSurrogate(text[i + 1]))
                {
                    return i;
                }
                i++;
            }
        }
        return nul;
    }

    /// <summary>
    /// Refuses, with 422 naming the parameter, a query-string parameter (name or value) or a form
    /// field that breaks the rule. Runs after binding, so it sees the form only when the endpoint
    /// read one (an endpoint that streams its body is never made to buffer it here).
    /// </summary>
    public static RouteGroupBuilder RefuseUnstorableText(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Request.QueryString.HasValue)
            {
                Check(http.Request.Query, "query");
            }
            if (http.Features.Get<IFormFeature>()?.Form is { } form)
            {
                Check(form, "form");
                if (form.Files.FirstOrDefault(f => !IsStorable(f.FileName)) is { } file)
                {
                    throw ValidationProblemException.For(file.Name, "The file name: " + Message);
                }
            }
            return await next(context);
        });
        return group;
    }

    private static void Check(IEnumerable<KeyValuePair<string, StringValues>> fields, string where)
    {
        foreach (var (name, values) in fields)
        {
            if (!IsStorable(name))
            {
                throw ValidationProblemException.For(where, "A parameter name: " + Message);
            }
            if (values.FirstOrDefault(v => v is not null && !IsStorable(v)) is not null)
            {
                throw ValidationProblemException.For(name, Message);
            }
        }
    }
}
