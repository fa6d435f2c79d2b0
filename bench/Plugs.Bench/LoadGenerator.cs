using System.Diagnostics;
using System.Globalization;

namespace Plugs.Bench;

/// <summary>
/// Closed-loop load: <c>--concurrency</c> workers each send the next request as soon as the last
/// answered. Rotates through every <c>--url</c> given.
/// <list type="bullet">
/// <item><c>load</c>: <c>--seconds</c> measured after <c>--warmup</c> seconds that are not counted;
/// prints one line: requests/s, p50, p95, p99 (ms), errors.</item>
/// <item><c>compare</c>: two targets (<c>--a-url</c>/<c>--a-header</c>, <c>--b-url</c>/<c>--b-header</c>)
/// measured in alternating rounds (<c>--rounds</c> of <c>--seconds</c> each, one second of warm-up
/// per round), then one line per target over all its rounds and the ratio A/B. On a shared VM whose
/// speed drifts over minutes, alternating short rounds gives both targets the same machine.</item>
/// </list>
/// </summary>
public static class LoadGenerator
{
    private sealed record Sample(List<double> Latencies, int Errors, double Seconds);

    public static async Task<int> RunAsync(Options options)
    {
        using var client = Client(options.Number("concurrency", 4), options.All("header"));
        var sample = await MeasureAsync(client, options.All("url"), options.Number("concurrency", 4),
            options.Number("seconds", 20), options.Number("warmup", 5));
        Console.WriteLine(Line(options.Get("name", "load"), [sample], options.Number("concurrency", 4)));
        return sample.Errors == 0 ? 0 : 1;
    }

    public static async Task<int> CompareAsync(Options options)
    {
        var concurrency = options.Number("concurrency", 4);
        var seconds = options.Number("seconds", 5);
        using var a = Client(concurrency, options.All("a-header"));
        using var b = Client(concurrency, options.All("b-header"));
        List<Sample> onA = [], onB = [];
        for (var round = 0; round < options.Number("rounds", 8); round++)
        {
            onA.Add(await MeasureAsync(a, options.All("a-url"), concurrency, seconds, warmup: 1));
            onB.Add(await MeasureAsync(b, options.All("b-url"), concurrency, seconds, warmup: 1));
        }
        Console.WriteLine(Line(options.Get("a-name", "a"), onA, concurrency));
        Console.WriteLine(Line(options.Get("b-name", "b"), onB, concurrency));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Get("a-name", "a").Trim()} / {options.Get("b-name", "b").Trim()}: {Rate(onA) / Rate(onB) * 100:0.0} % of the throughput"));
        return onA.Sum(s => s.Errors) + onB.Sum(s => s.Errors) == 0 ? 0 : 1;
    }

    private static HttpClient Client(int concurrency, IReadOnlyList<string> headers)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
        foreach (var header in headers)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            client.DefaultRequestHeaders.TryAddWithoutValidation(header[..colon].Trim(), header[(colon + 1)..].Trim());
        }
        return client;
    }

    private static async Task<Sample> MeasureAsync(HttpClient client, IReadOnlyList<string> urls, int concurrency, int seconds, int warmup)
    {
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
        return new Sample([.. latencies.SelectMany(l => l)], errors, seconds);
    }

    private static double Rate(List<Sample> samples) => samples.Sum(s => s.Latencies.Count) / samples.Sum(s => s.Seconds);

    private static string Line(string name, List<Sample> samples, int concurrency)
    {
        var all = samples.SelectMany(s => s.Latencies).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"{name}: {Rate(samples):0.0} req/s, p50 {Percentile(0.50):0.00} ms, p95 {Percentile(0.95):0.00} ms, p99 {Percentile(0.99):0.00} ms, errors {samples.Sum(s => s.Errors)}, concurrency {concurrency}");
    }
}
