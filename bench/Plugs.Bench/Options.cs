using System.Globalization;

namespace Plugs.Bench;

/// <summary><c>--key value</c> pairs; repeated keys keep every value.</summary>
public sealed class Options(Dictionary<string, List<string>> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var key = args[i].TrimStart('-');
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
            }
            list.Add(args[i + 1]);
        }
        return new Options(values);
    }

    public string Get(string key, string? fallback = null) =>
        values.TryGetValue(key, out var v) ? v[^1] : fallback ?? throw new ArgumentException($"--{key} is required");

    public int Number(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v[^1], CultureInfo.InvariantCulture) : fallback;

    public IReadOnlyList<string> All(string key) => values.TryGetValue(key, out var v) ? v : [];
}
