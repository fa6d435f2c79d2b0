namespace Plugs.Data.Audit;

/// <summary>
/// Where the unit of work's request came from, for its audit rows: filled once per request by the
/// API (<c>RequestIdMiddleware</c>); a context built by hand (jobs, migrations) has an empty one.
/// </summary>
public sealed class RequestOrigin
{
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public string? RequestId { get; set; }
}
