namespace Plugs.Api.Platform.Jobs;

/// <summary>Settings of the maintenance jobs (<c>Jobs:*</c>); a value out of range stops start-up naming it.</summary>
public sealed record JobOptions(int SoftDeleteRetentionDays, int ExpiredTokenRetentionDays, int BatchSize)
{
    public static JobOptions From(IConfiguration configuration) => new(
        Read(configuration, "Jobs:SoftDeleteRetentionDays", 90, 1, 36500),
        Read(configuration, "Jobs:ExpiredTokenRetentionDays", 7, 0, 3650),
        Read(configuration, "Jobs:BatchSize", 1000, 1, 100_000));

    private static int Read(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        var text = configuration[key];
        if (text is null)
        {
            return fallback;
        }
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{key} must be a whole number from {min} to {max}; it is '{text}'.");
    }
}
