namespace Plugs.Api.Platform.Http;

/// <summary>
/// What a write that lost a race gets. Every UPDATE and DELETE is conditional on the
/// <c>updated_at</c> the unit of work read (ModelConventions.CheckUpdatedAtOnEveryWrite), so a row
/// changed in between fails the save with <see cref="DbUpdateConcurrencyException"/>:
/// <list type="bullet">
/// <item>with <c>If-Match</c> naming a version, the caller's version is no longer current: 412 (ProblemExceptionHandler);</item>
/// <item>a PATCH or DELETE without it asked for last-writer-wins: it runs again on the fresh row,
/// up to <see cref="Attempts"/> times, then answers 409 <c>concurrent_update</c>;</item>
/// <item>any other write (an action, a create that touches another row) answers 409 <c>concurrent_update</c>.</item>
/// </list>
/// A retry is safe because a failed attempt leaves nothing behind: its transaction is rolled back
/// and the tracked entities are dropped before the handler runs again with the same bound request.
/// </summary>
public static class WriteRaces
{
    /// <summary>Each failed attempt means another writer committed, so N concurrent writers of one row need at most N.</summary>
    public const int Attempts = 20;

    public static RouteGroupBuilder RetryLastWriterWins(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var request = context.HttpContext.Request;
            if (!(HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method)) || ETags.NamesAVersion(request))
            {
                return await next(context);
            }
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await next(context);
                }
                catch (DbUpdateConcurrencyException) when (attempt < Attempts)
                {
                    context.HttpContext.RequestServices.GetRequiredService<PlugsDbContext>().ChangeTracker.Clear();
                }
            }
        });
        return group;
    }
}
