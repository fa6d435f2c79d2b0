using Plugs.Api.Platform.Jobs;
using Plugs.Data.Audit;

namespace Plugs.Api.Features.Audit;

/// <summary>
/// The audit log's retention: <c>Audit:RetentionDays</c> (default 365) days, after which
/// <see cref="PurgeExpiredAsync"/> removes rows in every organization (<see cref="AuditRetention"/>).
/// Scheduled as the recurring job <c>audit_retention</c> (daily, <c>Platform/Jobs/JobsSetup.cs</c>).
/// </summary>
public sealed class AuditRetentionPurge(IConfiguration configuration, IDbContextFactory<PlugsDbContext> contexts, TimeProvider clock) : IRecurringJob
{
    public async Task<string> RunAsync(CancellationToken ct) => $"deleted audit_logs {await PurgeExpiredAsync(ct)}";

    public const string RetentionDaysSetting = "Audit:RetentionDays";
    public const int DefaultRetentionDays = 365;

    public int RetentionDays
    {
        get
        {
            var days = configuration.GetValue(RetentionDaysSetting, DefaultRetentionDays);
            return days >= 1 ? days : throw new InvalidOperationException($"{RetentionDaysSetting} must be at least 1 (it is {days}).");
        }
    }

    /// <summary>Deletes the audit rows older than the retention; returns how many.</summary>
    public async Task<long> PurgeExpiredAsync(CancellationToken ct)
    {
        await using var db = contexts.CreateDbContext();
        db.Clock = clock;
        return await AuditRetention.PurgeAsync(db, clock.StoredUtcNow().AddDays(-RetentionDays), ct);
    }
}
