using Plugs.Api.Platform.Jobs;

namespace Plugs.Api.Features.Admin;

/// <summary>
/// <c>GET /admin/jobs</c>: the recurring jobs (Platform/Jobs) with their schedule, last run,
/// duration, outcome and next run. The jobs serve every organization, so any organization's admins
/// may read this; it names jobs and times only — no organization's data, no counts. A fixed, short
/// list (one entry per registered job), so it is not paged.
/// </summary>
public static class AdminJobs
{
    public static void MapAdminJobs(this RouteGroupBuilder api) =>
        api.MapGroup("/admin/jobs").WithTags("Admin")
            .MapGet("/", ListJobsAsync).RequireAuthorization(AuthPolicies.Admin);

    private static async Task<Ok<List<JobStatus>>> ListJobsAsync(JobStatusReader reader, CancellationToken ct) =>
        TypedResults.Ok(await reader.ReadAsync(ct));
}
