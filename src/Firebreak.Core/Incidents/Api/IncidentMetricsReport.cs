namespace Firebreak.Incidents;

/// <summary>Response times and recurrences over the incidents detected in a period.</summary>
/// <param name="From">Start of the period (inclusive).</param>
/// <param name="To">End of the period (exclusive).</param>
/// <param name="Overall">Means over every incident.</param>
/// <param name="ByAgent">Means per primary agent.</param>
/// <param name="BySeverity">Means per severity (SEV name).</param>
/// <param name="ByFailureClass">Means per failure class (kebab-case name).</param>
/// <param name="Recurrence">Incidents that repeat an earlier one within 30 days.</param>
internal sealed record IncidentMetricsReport(
    DateTimeOffset From,
    DateTimeOffset To,
    ResponseTimes Overall,
    IReadOnlyDictionary<string, ResponseTimes> ByAgent,
    IReadOnlyDictionary<string, ResponseTimes> BySeverity,
    IReadOnlyDictionary<string, ResponseTimes> ByFailureClass,
    RecurrenceReport Recurrence);
