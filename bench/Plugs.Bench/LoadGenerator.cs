using System.Diagnostics;
using System.Globalization;

namespace Plugs.Bench;

/// <summary>
/// Closed-loop load: <c>--concurrency</c> workers each send the next request as soon as the last
/// answered, for <c>--seconds</c> after <c>--warmup</c> seconds that are not counted. Rotates
/// through every <c>--url</c> given. Prints one line: requests/s, p50, p95, p99 (ms), errors.
/// </summary>
public static class LoadGenerator
{
    public static async Task<int> RunAsync(Options options)
    {
        var urls = options.All("url");
        var name = options.Get("name", "load");
        var concurrency = options.Number("concurrency", 4);
        var seconds = options.Number("seconds", 20);
        var warmup = options.Number("warmup", 5);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
        foreach (var header in options.All("header"))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            client.DefaultRequestHeaders.TryAddWithoutValidation(header[..colon].Trim(), header[(colon + 1)..].Trim());
        }

        var latencies = new List<double>[concurrency];
        var errors = 0;
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmup * Stopwatch.Frequency);
        var stopAt = measureFrom + (long)(seconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = [];
            var next = worker;
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var url = urls[next++ % urls.Count];
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
                var ended = Stopwatch.GetTimestamp();
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
                if (started >= measureFrom && ended <= stopAt)
                {
                    mine.Add(Stopwatch.GetElapsedTime(started, ended).TotalMilliseconds);
                }
            }
        }));

        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {all.Length / (double)seconds:0.0} req/s, p50 {Percentile(0.50):0.00} ms, p95 {Percentile(0.95):0.00} ms, p99 {Percentile(0.99):0.00} ms, errors {errors}, concurrency {concurrency}"));
        return errors == 0 ? 0 : 1;
    }
}
