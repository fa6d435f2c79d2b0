using System.Threading.Channels;

namespace Plugs.Api.Platform.Jobs;

/// <summary>Handles one item of a <see cref="Backlog{T}"/>; a failure is logged (with <see cref="Describe"/>) and the next item goes on.</summary>
public interface IBacklogWork<T>
{
    Task HandleAsync(T item, CancellationToken ct);

    /// <summary>What the log says about a failed item: never secrets, tokens or message bodies.</summary>
    string Describe(T item);
}

/// <summary>Every backlog, for whoever has to wait until handed-off work is done (tests).</summary>
public interface IBacklog
{
    bool IsIdle { get; }

    /// <summary>Completes once everything queued so far has been handled (or dropped).</summary>
    Task WhenIdleAsync();
}

/// <summary>
/// Work a request hands off so that its answer neither waits for it nor shows how much there was
/// (mail, the password-reset lookup): an in-process bounded queue, drained one item at a time by a
/// hosted worker. It is not durable: what is still queued when the process stops is lost, and when
/// it is full the oldest item gives way. (The transactional outbox of DESIGN.md §2 replaces it for
/// mail later.)
/// </summary>
public sealed class Backlog<T> : IBacklog
{
    private readonly Channel<T> _channel;
    private readonly Lock _gate = new();
    private int _pending;
    private TaskCompletionSource _idle = Completed();

    public Backlog(int capacity) =>
        _channel = Channel.CreateBounded<T>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true }, _ => Finished());

    public void Enqueue(T item)
    {
        lock (_gate)
        {
            if (_pending++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        if (!_channel.Writer.TryWrite(item))
        {
            Finished(); // only once the application is stopping
        }
    }

    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _pending == 0;
            }
        }
    }

    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _idle.Task;
        }
    }

    internal ChannelReader<T> Reader => _channel.Reader;

    internal void Finished()
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (--_pending == 0)
            {
                idle = _idle;
            }
        }
        idle?.TrySetResult();
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}

internal sealed class BacklogWorker<T>(Backlog<T> queue, IBacklogWork<T> work, ILogger<BacklogWorker<T>> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var item in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await work.HandleAsync(item, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Background work failed: {Work}", work.Describe(item));
            }
            finally
            {
                queue.Finished();
            }
        }
    }
}

public static class BacklogSetup
{
    /// <summary>A queue of <typeparamref name="T"/> handled by <typeparamref name="TWork"/> (a singleton; take scopes per item for anything scoped).</summary>
    public static IServiceCollection AddBacklog<T, TWork>(this IServiceCollection services, int capacity)
        where TWork : class, IBacklogWork<T>
    {
        services.AddSingleton(new Backlog<T>(capacity));
        services.AddSingleton<IBacklog>(sp => sp.GetRequiredService<Backlog<T>>());
        services.AddSingleton<IBacklogWork<T>, TWork>();
        services.AddHostedService<BacklogWorker<T>>();
        return services;
    }
}
