namespace Plugs.Api.Platform.Http;

/// <summary>
/// The one way a list filters by a date (docs/api.md): <c>&lt;field&gt;_after=A</c> keeps values at or
/// after A, <c>&lt;field&gt;_before=B</c> values strictly before B, so windows [A, B) tile without
/// overlap. Either may be alone; both together must make a window that is not empty (422 naming
/// <c>&lt;field&gt;_before</c>). Values are compared in UTC, as they are stored.
/// </summary>
public readonly record struct DateWindow(DateTime? After, DateTime? Before)
{
    public static DateWindow Of(DateTimeOffset? after, DateTimeOffset? before, string field)
    {
        if (after is { } a && before is { } b && b <= a)
        {
            throw ValidationProblemException.For($"{field}_before", $"Must be later than {field}_after.");
        }
        return new DateWindow(after?.UtcDateTime, before?.UtcDateTime);
    }
}
