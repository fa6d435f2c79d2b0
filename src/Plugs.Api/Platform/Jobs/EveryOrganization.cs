using Plugs.Data;
using Plugs.Data.Jobs;
using Plugs.Data.Tenancy;


namespace Plugs.Api.Platform.Jobs;

/// <summary>
/// How a maintenance job reaches tenant data: in each organization in turn, in a unit of work of
/// its own that enters the organization before its first statement, exactly as a request does, so
/// the EF tenant filter and (on PostgreSQL) row-level security bind every statement. Nothing
/// bypasses RLS; the only cross-tenant read is the list of organization ids
/// (<see cref="OrganizationDirectory"/>). A failure in one organization stops the run (the job
/// reports it failed); the next run starts again from the first, which is harmless because every
/// job is idempotent.
/// </summary>
public sealed class EveryOrganization(IServiceScopeFactory scopes, IDbContextFactory<PlugsDbContext> contexts)
{
    public async Task ForEachAsync(Func<PlugsDbContext, CancellationToken, Task> work, CancellationToken ct)
    {
        List<Guid> organizations;
        await using (var directory = await contexts.CreateDbContextAsync(ct))
        {
            organizations = await OrganizationDirectory.AllIdsAsync(directory, ct);
        }
        foreach (var organization in organizations)
        {
            ct.ThrowIfCancellationRequested();
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(organization);
            await work(scope.ServiceProvider.GetRequiredService<PlugsDbContext>(), ct);
        }
    }
}
