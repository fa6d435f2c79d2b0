namespace Plugs.Api.Platform.Database;

/// <summary>
/// Holds the request's database connection open from authentication to the end of the request,
/// so the tenant setting is written once (TenantConnectionInterceptor) instead of before every
/// query. Contexts are pooled and EF does not close a connection the application opened, so this
/// closes it when the request scope ends: it depends on the context, is resolved after it, and is
/// therefore disposed before the context goes back to the pool.
/// </summary>
public sealed class RequestConnection(PlugsDbContext db) : IAsyncDisposable
{
    private bool _open;

    public async Task OpenAsync(CancellationToken ct)
    {
        if (_open)
        {
            return; // EF counts opens; a second one would outlive DisposeAsync's single close
        }
        await db.Database.OpenConnectionAsync(ct);
        _open = true;
    }

    public async Task CloseAsync()
    {
        if (_open)
        {
            _open = false;
            await db.Database.CloseConnectionAsync();
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync();
}
