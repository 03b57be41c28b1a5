namespace Firebreak.Ledger;

/// <summary>
/// Why a run is toxic: kept as evidence and flagged, but never captured as a good regression example or replayed into
/// memory.
/// </summary>
/// <param name="Reason">What the operator saw.</param>
/// <param name="MarkedBy">Who marked the run.</param>
/// <param name="MarkedAt">When the run was first marked; marking it again keeps the first mark.</param>
/// <param name="IncidentId">The incident the marking was made under, if any.</param>
public sealed record ToxicMark(string Reason, string MarkedBy, DateTimeOffset MarkedAt, string? IncidentId);
