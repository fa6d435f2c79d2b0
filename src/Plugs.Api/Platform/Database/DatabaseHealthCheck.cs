using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Plugs.Api.Platform.Database;

internal sealed class DatabaseHealthCheck(PlugsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}
