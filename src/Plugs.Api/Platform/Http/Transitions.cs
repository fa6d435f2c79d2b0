using Plugs.Data.Common;

namespace Plugs.Api.Platform.Http;

/// <summary>
/// One shape for every refused state change (events, attendees, introductions): 409
/// <c>invalid_transition</c> with <c>from</c> (the current state), <c>to</c> (the one asked for)
/// and <c>allowed</c> (the states it can move to from here), so a client can offer the right next steps.
/// </summary>
public static class Transitions
{
    /// <summary>The states reachable from <paramref name="from"/>, given each target state's allowed sources.</summary>
    public static IEnumerable<TState> From<TState>(IEnumerable<(TState To, IReadOnlyCollection<TState> From)> moves, TState from)
        where TState : struct, Enum =>
        moves.Where(m => m.From.Contains(from)).Select(m => m.To).Distinct();

    public static ProblemException Refused<TState>(string detail, TState from, TState to, IEnumerable<TState> allowed)
        where TState : struct, Enum =>
        new(StatusCodes.Status409Conflict, "Conflict", detail, "invalid_transition")
        {
            Extensions =
            {
                ["from"] = EnumNames.Of(from),
                ["to"] = EnumNames.Of(to),
                ["allowed"] = allowed.Select(EnumNames.Of).ToArray(),
            },
        };
}
