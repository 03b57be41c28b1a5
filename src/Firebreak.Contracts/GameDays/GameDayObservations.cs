using Firebreak.Detection;
using Firebreak.Ledger;

namespace Firebreak.GameDays;

/// <summary>What a drill saw through the API, for <see cref="GameDayMeasurer"/> to turn into a report.</summary>
/// <param name="AgentId">The drilled agent.</param>
/// <param name="StartedAt">When the drill started preparing.</param>
/// <param name="InjectedAt">When the failure was injected (or the operator acted).</param>
/// <param name="EndedAt">When the drill stopped watching: contained, or at its deadline.</param>
/// <param name="Queued">How many tickets the drill queued.</param>
/// <param name="Actions">The agent's actions recorded from the injection on.</param>
/// <param name="Runs">The agent's runs that were in progress at or started after the injection.</param>
/// <param name="Alerts">The agent's alerts seen from the injection on.</param>
/// <param name="Containment">The change that contained the failure, if any.</param>
/// <param name="Trace">The retrieval of the first wrong action's trace, if there was one.</param>
/// <param name="Notes">What the drill wants a reader to know (what it injected, what it restored, what it could not do).</param>
public sealed record GameDayObservations(
    string AgentId,
    DateTimeOffset StartedAt,
    DateTimeOffset InjectedAt,
    DateTimeOffset EndedAt,
    int Queued,
    IReadOnlyList<ActionRecord> Actions,
    IReadOnlyList<RunRecord> Runs,
    IReadOnlyList<Alert> Alerts,
    GameDayContainment? Containment,
    TraceRetrieval? Trace,
    IReadOnlyList<string> Notes);
