using Firebreak.Control;

namespace Firebreak.GameDays;

/// <summary>The control change that contained a drill's failure and when the agent's enforcement points confirmed it.</summary>
/// <param name="Actor">Who made the change: <c>playbook:&lt;name&gt;</c> for a playbook, otherwise a person or key.</param>
/// <param name="Description">The mode and scopes it set, e.g. <c>killed on tool:support/issue_refund</c>.</param>
/// <param name="Epoch">The control epoch it created.</param>
/// <param name="ChangedAt">When the server stored it.</param>
/// <param name="ConfirmedAt">When the last of the agent's enforcement points held it; <see langword="null"/> when one never confirmed.</param>
/// <param name="PointsConfirmed">How many of the agent's points confirmed it.</param>
/// <param name="Points">How many points the agent had.</param>
public sealed record GameDayContainment(
    string Actor,
    string Description,
    long Epoch,
    DateTimeOffset ChangedAt,
    DateTimeOffset? ConfirmedAt,
    int PointsConfirmed,
    int Points)
{
    private const string PlaybookActorPrefix = "playbook:";
    private const string DetectorActorPrefix = "detector:";

    /// <summary>Whether a playbook or detector made the change, not a person.</summary>
    public bool IsAutomatic =>
        Actor.StartsWith(PlaybookActorPrefix, StringComparison.Ordinal) || Actor.StartsWith(DetectorActorPrefix, StringComparison.Ordinal);

    /// <summary>
    /// The first change at or after <paramref name="since"/> that stops <paramref name="tool"/> of <paramref name="agentId"/>
    /// (any mode but normal, at global, agent or that tool's scope), and when the points confirmed it: for each point, the
    /// first sighting at or above the change's epoch; containment is confirmed when every point sighted has confirmed.
    /// </summary>
    /// <param name="agentId">The drilled agent.</param>
    /// <param name="tool">The tool whose calls are wrong; <see langword="null"/> when only agent-wide changes count.</param>
    /// <param name="since">The injection time; earlier changes are preparation.</param>
    /// <param name="changes">The agent's control changes, in any order.</param>
    /// <param name="sightings">The agent's enforcement points as polled during the drill, in any order.</param>
    /// <returns><see langword="null"/> when no change contained the failure.</returns>
    public static GameDayContainment? Find(
        string agentId,
        string? tool,
        DateTimeOffset since,
        IEnumerable<RecordedControlChange> changes,
        IEnumerable<ConfirmationSighting> sightings)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(sightings);
        var containing = changes
            .Where(c => c.Change.At >= since && c.Change.Mode is { } mode && mode != ControlMode.Normal && c.Change.Scopes.Any(s => Covers(s, agentId, tool)))
            .OrderBy(c => c.Epoch)
            .FirstOrDefault();
        if (containing is null)
        {
            return null;
        }

        var byPoint = sightings.GroupBy(s => s.PointId, StringComparer.Ordinal).ToList();
        var confirmations = byPoint
            .Select(p => p.Where(s => s.AppliedEpoch >= containing.Epoch).Select(s => (DateTimeOffset?)s.SeenAt).Min())
            .ToList();
        var confirmed = confirmations.Count(c => c is not null);
        DateTimeOffset? confirmedAt = confirmed > 0 && confirmed == confirmations.Count ? Later(containing.Change.At, confirmations.Max()!.Value) : null;
        var change = containing.Change;
        var description = $"{change.Mode!.Value.ToString().ToLowerInvariant()} on {string.Join(", ", change.Scopes.Select(s => s.Key))}";
        return new GameDayContainment(change.Actor, description, containing.Epoch, change.At, confirmedAt, confirmed, confirmations.Count);
    }

    /// <summary>
    /// A change the drill made itself, with the confirmations the server answered: confirmed when every point confirmed,
    /// at the change time plus the slowest point's latency.
    /// </summary>
    public static GameDayContainment FromConfirmations(string actor, string description, long epoch, DateTimeOffset changedAt, IReadOnlyList<PointConfirmation> confirmations)
    {
        ArgumentNullException.ThrowIfNull(confirmations);
        var confirmed = confirmations.Count(c => c.Confirmed);
        DateTimeOffset? confirmedAt = confirmed > 0 && confirmed == confirmations.Count
            ? changedAt + TimeSpan.FromMilliseconds(confirmations.Max(c => c.LatencyMs ?? 0))
            : null;
        return new GameDayContainment(actor, description, epoch, changedAt, confirmedAt, confirmed, confirmations.Count);
    }

    private static bool Covers(ControlScope scope, string agentId, string? tool) => scope.Kind switch
    {
        ControlScopeKind.Global => true,
        ControlScopeKind.Agent => string.Equals(scope.AgentId, agentId, StringComparison.Ordinal),
        _ => tool is not null && string.Equals(scope.AgentId, agentId, StringComparison.Ordinal) && string.Equals(scope.ToolName, tool, StringComparison.Ordinal),
    };

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
