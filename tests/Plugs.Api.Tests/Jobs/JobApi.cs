using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Plugs.Api.Platform.Jobs;
using Plugs.Data;
using Plugs.Data.Common;
using Plugs.Data.Jobs;
using Plugs.Data.Tenancy;

namespace Plugs.Api.Tests.Jobs;

internal static class JobApi
{
    /// <summary>Runs a job now in the host of <paramref name="services"/> (its clock), through the recorder the scheduler uses.</summary>
    public static Task<JobRun> RunJobAsync(this IServiceProvider services, string name) =>
        services.GetRequiredService<JobRunner>().RunNowAsync(name);

    /// <summary>Rows of one organization, deleted or not, read as the API reads them (under its RLS on PostgreSQL).</summary>
    public static async Task<int> CountAsync<T>(this IServiceProvider services, Guid organization, Expression<Func<T, bool>>? where = null) where T : class
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(organization);
        var db = scope.ServiceProvider.GetRequiredService<PlugsDbContext>();
        var rows = db.Set<T>().IgnoreQueryFilters([ModelConventions.SoftDeleteFilterName]);
        return await (where is null ? rows : rows.Where(where)).CountAsync();
    }

    public static async Task<List<JobRun>> RunsAsync(this IServiceProvider services, string name)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PlugsDbContext>>().CreateDbContextAsync();
        return await db.JobRuns.AsNoTracking().Where(r => r.JobName == name).OrderBy(r => r.StartedAt).ToListAsync();
    }
}
