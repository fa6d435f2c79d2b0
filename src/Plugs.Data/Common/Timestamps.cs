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
}
