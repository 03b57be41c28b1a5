namespace Firebreak.GameDays;

/// <summary>How long the drill took to produce the decision trace of the first wrong action, as an investigator would ask for it.</summary>
/// <param name="RunId">The run of the first wrong action.</param>
/// <param name="ActionSeq">The first wrong action's ledger sequence number.</param>
/// <param name="Entries">How many ledger entries the trace held.</param>
/// <param name="ContainsAction">Whether the trace held the wrong action itself.</param>
/// <param name="Duration">From asking for the action to holding its run's whole trace.</param>
public sealed record TraceRetrieval(string RunId, long ActionSeq, int Entries, bool ContainsAction, TimeSpan Duration);
