namespace Plugs.Data.Common;

public static class Timestamps
{
    /// <summary>
    /// Now, in UTC, at the microsecond precision PostgreSQL stores: a value the API returns
    /// (and derives an ETag from) is then exactly the value the next read returns.
    /// </summary>
    public static DateTime StoredUtcNow(this TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % 10), DateTimeKind.Utc);
    }

    /// <summary>
    /// The next <c>updated_at</c> of a row last stamped at <paramref name="previous"/>: now, or one
    /// microsecond after <paramref name="previous"/> when the clock has not moved past it (a frozen
    /// test clock, two writes within a microsecond). Every write therefore changes the ETag, and the
    /// concurrency token (<see cref="ModelConventions.CheckUpdatedAtOnEveryWrite"/>) tells the writes apart.
    /// </summary>
    public static DateTime NextStamp(this TimeProvider clock, DateTime previous)
    {
        var now = clock.StoredUtcNow();
        return now > previous ? now : new DateTime(previous.Ticks - (previous.Ticks % 10) + 10, DateTimeKind.Utc);
    }
}
