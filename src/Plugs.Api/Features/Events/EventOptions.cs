namespace Plugs.Api.Features.Events;

/// <summary>The <c>Events</c> configuration section.</summary>
public sealed class EventOptions
{
    public const string Section = "Events";

    /// <summary>How long before an event's start check-in opens (it closes when the event ends); one day by default.</summary>
    public int CheckInOpensMinutesBeforeStart { get; set; } = 24 * 60;

    public TimeSpan CheckInLead => TimeSpan.FromMinutes(CheckInOpensMinutesBeforeStart);

    public static IServiceCollection AddEventOptions(IServiceCollection services)
    {
        services.AddOptions<EventOptions>().BindConfiguration(Section)
            .Validate(o => o.CheckInOpensMinutesBeforeStart is >= 0 and <= 30 * 24 * 60, "Events:CheckInOpensMinutesBeforeStart must be 0-43200 (30 days).")
            .ValidateOnStart();
        return services;
    }
}
