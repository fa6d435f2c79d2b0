using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Plugs.Api.Platform.Json;
using Plugs.Api.Platform.Validation;

namespace Plugs.Api.Platform.Http;

/// <summary>The one error path: every exception becomes an RFC 9457 problem detail here.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationProblemException v => new HttpValidationProblemDetails(v.Errors) { Status = v.Status, Title = v.Title, Detail = v.Message, Extensions = { ["code"] = v.Code } },
            ProblemException p => Describe(p),
            BadHttpRequestException { InnerException: JsonException json } => FromJson(json),
            BadHttpRequestException bad when BindFailure().Match(bad.Message) is { Success: true } m => FromBinding(m),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "Bad request",
                // The framework's wording for a missing body speaks to developers of the API, not its clients.
                Detail = bad.Message.Contains("no body was provided", StringComparison.Ordinal) ? "A JSON request body is required." : bad.Message,
            },
            DbUpdateConcurrencyException when ETags.NamesAVersion(http.Request) => Describe(ETags.Stale()),
            DbUpdateConcurrencyException => Describe(ProblemException.Conflict(
                "Another request changed this resource at the same moment; read it again and retry.", "concurrent_update")),
            DbUpdateException db when DatabaseErrors.IsUniqueViolation(db) =>
                new ProblemDetails { Status = 409, Title = "Conflict", Detail = "A record with the same unique value already exists.", Extensions = { ["code"] = "duplicate" } },
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };
        if (problem is null)
        {
            if (http.RequestAborted.IsCancellationRequested)
            {
                http.Response.StatusCode = 499; // client closed request; nobody reads the body
                return true;
            }
            logger.LogError(exception, "Unhandled exception");
            problem = new ProblemDetails { Status = 500, Title = "Internal server error", Detail = "An unexpected error occurred; it has been logged." };
        }
        if (exception is TooManyRequestsException tooMany)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(tooMany.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
        http.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Describe(ProblemException p)
    {
        var details = new ProblemDetails { Status = p.Status, Title = p.Title, Detail = p.Message };
        if (p.Code is not null)
        {
            details.Extensions["code"] = p.Code;
        }
        foreach (var (key, value) in p.Extensions)
        {
            details.Extensions[key] = value;
        }
        return details;
    }

    /// <summary>A query or route value of the wrong type (<c>?limit=ten</c>) is a 422 naming the parameter.</summary>
    private static HttpValidationProblemDetails FromBinding(Match match)
    {
        var field = JsonNamingPolicy.SnakeCaseLower.ConvertName(match.Groups["name"].Value);
        var type = match.Groups["type"].Value.TrimEnd('?').ToLowerInvariant() switch
        {
            "int" or "long" => "an integer",
            "bool" => "true or false",
            "guid" => "a UUID",
            "datetime" or "datetimeoffset" => "an ISO 8601 date-time",
            "decimal" or "double" => "a number",
            _ => "a valid value",
        };
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [$"Must be {type}."] })
        {
            Status = 422, Title = "Validation failed", Detail = "One or more fields are invalid.", Extensions = { ["code"] = "validation_failed" },
        };
    }

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^ \"]+) (?<name>[^ \"]+)\" from")]
    private static partial Regex BindFailure();

    /// <summary>
    /// A body that is not JSON at all is a 400; JSON of the wrong shape (a string where a number
    /// belongs, a field that does not exist) is a 422 naming the field.
    /// </summary>
    private static ProblemDetails FromJson(JsonException json)
    {
        if (json.InnerException is JsonException || json.Path is null or "$")
        {
            return new ProblemDetails { Status = 400, Title = "Malformed JSON", Detail = "The request body is not valid JSON.", Extensions = { ["code"] = "malformed_json" } };
        }
        var field = json.Path.TrimStart('$', '.');
        // A path that runs through an object key with U+0000 (say) names the object holding it.
        if (StorableText.FirstUnstorable(field) is var bad and >= 0)
        {
            field = field[..Math.Max(0, field.LastIndexOfAny(['.', '['], bad))] is { Length: > 0 } holder ? holder : "body";
        }
        var message = json is StorableTextConverters.UnstorableTextException ? StorableText.Message
            : json.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "This field is not accepted."
            : "This field has the wrong type or format.";
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = 422, Title = "Validation failed", Detail = "One or more fields are invalid.", Extensions = { ["code"] = "validation_failed" },
        };
    }
}
