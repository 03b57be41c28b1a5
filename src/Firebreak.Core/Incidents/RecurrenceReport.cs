namespace Firebreak.Incidents;

/// <summary>Which incidents were recurrences, and how often that happened.</summary>
/// <param name="Recurrences">One link per recurring incident, in order of detection.</param>
/// <param name="Incidents">How many incidents were examined.</param>
/// <param name="Rate">Recurrences divided by incidents, from 0 to 1; 0 for an empty set.</param>
internal sealed record RecurrenceReport(IReadOnlyList<Recurrence> Recurrences, int Incidents, double Rate);
