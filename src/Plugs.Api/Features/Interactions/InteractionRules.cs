using Plugs.Data.Contacts;

namespace Plugs.Api.Features.Interactions;

/// <summary>What an interaction's status and date must agree on.</summary>
internal static class InteractionRules
{
    /// <summary>How far ahead of the server's clock a completed interaction may be dated: clients' clocks drift.</summary>
    public static readonly TimeSpan ClockAllowance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A completed interaction has happened: it cannot lie in the future (422 on <c>interaction_date</c>);
    /// one still to come is <c>scheduled</c>. Scheduled ones may lie in the past (overdue follow-ups).
    /// </summary>
    public static void CheckNotAheadOfTime(InteractionStatus status, DateTime date, DateTime now)
    {
        if (status == InteractionStatus.Completed && date > now + ClockAllowance)
        {
            throw ValidationProblemException.For("interaction_date",
                "A completed interaction cannot lie in the future; record it as scheduled, or give the date it happened.");
        }
    }
}
