namespace Plugs.Api.Platform.Http;

/// <summary>
/// A failure that has a precise HTTP meaning, thrown where returning a result is awkward
/// (deep in a service, inside a transaction). <see cref="ProblemExceptionHandler"/> turns it into
/// an RFC 9457 problem detail; nothing else writes error bodies.
/// </summary>
public class ProblemException(int status, string title, string detail, string? code = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    /// <summary>A stable, machine-readable reason (snake_case) that clients can switch on.</summary>
    public string? Code { get; } = code;
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();

    public static ProblemException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, "Not found", $"The {what} does not exist.", "not_found");

    public static ProblemException Conflict(string detail, string code) =>
        new(StatusCodes.Status409Conflict, "Conflict", detail, code);

    public static ProblemException Forbidden(string detail, string code = "forbidden") =>
        new(StatusCodes.Status403Forbidden, "Forbidden", detail, code);

    public static ProblemException Unauthorized(string detail, string code = "unauthorized") =>
        new(StatusCodes.Status401Unauthorized, "Unauthorized", detail, code);

    public static ProblemException BadRequest(string detail, string code = "bad_request") =>
        new(StatusCodes.Status400BadRequest, "Bad request", detail, code);

    public static ProblemException PreconditionFailed(string detail) =>
        new(StatusCodes.Status412PreconditionFailed, "Precondition failed", detail, "precondition_failed");
}

/// <summary>422 with an <c>errors</c> object keyed by snake_case field name; the code is <c>validation_failed</c> unless a rule names its own.</summary>
public sealed class ValidationProblemException(IDictionary<string, string[]> errors, string code = "validation_failed")
    : ProblemException(StatusCodes.Status422UnprocessableEntity, "Validation failed", "One or more fields are invalid.", code)
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public static ValidationProblemException For(string field, string message, string code = "validation_failed") =>
        new(new Dictionary<string, string[]> { [field] = [message] }, code);
}

/// <summary>429 with <c>Retry-After</c>.</summary>
public sealed class TooManyRequestsException(TimeSpan retryAfter, string detail)
    : ProblemException(StatusCodes.Status429TooManyRequests, "Too many requests", detail, "too_many_requests")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
