using Microsoft.Extensions.Diagnostics.HealthChecks;
using Plugs.Data;

namespace Plugs.Api.Platform.Database;

internal sealed class DatabaseHealthCheck(PlugsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}
