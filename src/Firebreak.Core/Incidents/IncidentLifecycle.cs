namespace Firebreak.Incidents;

/// <summary>
/// The moves between <see cref="IncidentStatus"/> values.
/// <list type="bullet">
/// <item>Forward moves may skip steps up to <see cref="IncidentStatus.Resolved"/>: containment comes before diagnosis, so a kill
/// switch can take a declared incident straight to mitigated, and a false alarm or self-healing blip can be resolved at once.</item>
/// <item>A mitigated incident may go back to investigating when the containment does not hold (it regressed).</item>
/// <item>A resolved incident may be reopened to investigating when the problem comes back before it is closed.</item>
/// <item>Only a resolved incident can be closed, and a closed incident is final; nothing returns to declared, and staying in
/// the same status is not a move.</item>
/// </list>
/// </summary>
internal static class IncidentLifecycle
{
    /// <summary>Whether an incident may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanTransition(IncidentStatus from, IncidentStatus to) => Refusal(from, to) is null;

    /// <summary>Attempts the move; the result carries the new status, or the old one and the reason it was refused.</summary>
    public static StatusTransition Transition(IncidentStatus from, IncidentStatus to) =>
        Refusal(from, to) is { } error
            ? new StatusTransition(false, from, error)
            : new StatusTransition(true, to, null);

    private static string? Refusal(IncidentStatus from, IncidentStatus to)
    {
        if (!Enum.IsDefined(from) || !Enum.IsDefined(to))
        {
            return "unknown incident status";
        }

        var move = $"cannot move from {Name(from)} to {Name(to)}";
        return (from, to) switch
        {
            _ when from == to => $"{move}: the incident is already {Name(to)}",
            (IncidentStatus.Closed, _) => $"{move}: a closed incident is final; declare a new incident instead",
            (_, IncidentStatus.Declared) => $"{move}: an incident cannot return to declared",
            (_, IncidentStatus.Closed) when from != IncidentStatus.Resolved => $"{move}: only a resolved incident can be closed",
            (IncidentStatus.Resolved, IncidentStatus.Mitigated) => $"{move}: a reopened incident goes back to investigating",
            _ => null,
        };
    }

    private static string Name(IncidentStatus status) => status.ToString().ToLowerInvariant();
}
