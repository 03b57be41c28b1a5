namespace Firebreak.GameDays;

/// <summary>A drill's figures. Durations are milliseconds; <see langword="null"/> means it never happened within the drill.</summary>
/// <param name="TimeToDetectMs">From the injection to the first alert.</param>
/// <param name="DetectedBy">The detector of the first alert.</param>
/// <param name="AlertId">The first alert.</param>
/// <param name="IncidentId">The incident the first alert declared or joined.</param>
/// <param name="TimeToContainMs">From the first wrong action (the injection when none executed) to containment confirmed by the agent's enforcement points.</param>
/// <param name="ContainedAfterInjectionMs">From the injection to containment confirmed.</param>
/// <param name="ContainmentChangedMs">From the injection to the containing change being stored (before the points confirmed it).</param>
/// <param name="ContainedBy">Who contained: <c>playbook:&lt;name&gt;</c>, or a person.</param>
/// <param name="Containment">What the containing change set, e.g. <c>killed on agent:support</c>.</param>
/// <param name="ContainmentEpoch">The control epoch of the containing change.</param>
/// <param name="PointsConfirmed">How many of the agent's enforcement points confirmed the containment.</param>
/// <param name="Points">How many enforcement points the agent had.</param>
/// <param name="TimeToDrainMs">From containment confirmed to the end of the last run in flight then.</param>
/// <param name="RunsInFlight">Runs in flight when containment was confirmed.</param>
/// <param name="TimeToTraceMs">From asking for the first wrong action to holding its run's whole decision trace.</param>
/// <param name="FirstWrongRunId">The run of the first wrong action.</param>
/// <param name="FirstWrongActionSeq">The first wrong action's ledger sequence number.</param>
/// <param name="FirstWrongActionMs">From the injection to the first wrong action.</param>
/// <param name="WrongActionsExecuted">Wrong actions that executed, in all.</param>
/// <param name="WrongActionsAfterContainment">Of those, the ones recorded after containment was confirmed.</param>
/// <param name="WrongAmounts">The money the wrong actions moved, per currency.</param>
/// <param name="Runs">Runs of the agent from the injection on.</param>
public sealed record GameDayMeasurements(
    double? TimeToDetectMs,
    string? DetectedBy,
    string? AlertId,
    string? IncidentId,
    double? TimeToContainMs,
    double? ContainedAfterInjectionMs,
    double? ContainmentChangedMs,
    string? ContainedBy,
    string? Containment,
    long? ContainmentEpoch,
    int PointsConfirmed,
    int Points,
    double? TimeToDrainMs,
    int RunsInFlight,
    double? TimeToTraceMs,
    string? FirstWrongRunId,
    long? FirstWrongActionSeq,
    double? FirstWrongActionMs,
    int WrongActionsExecuted,
    int WrongActionsAfterContainment,
    IReadOnlyList<WrongAmount> WrongAmounts,
    int Runs);
