using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Plugs.Api.Tests.Infrastructure;

/// <summary>Collects the warnings and errors the API logs under the given category prefixes (all when none).</summary>
public sealed class LogCapture(ConcurrentQueue<string> sink, params string[] categories) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) =>
        categories.Length == 0 || categories.Any(c => categoryName.StartsWith(c, StringComparison.Ordinal))
            ? new Logger(sink, categoryName)
            : NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                sink.Enqueue($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)} {exception?.Message}");
            }
        }
    }
}
