namespace Firebreak.Incidents;

/// <summary>A stored action item.</summary>
/// <param name="Number">Its number within the incident, from 1.</param>
/// <param name="Text">What will be done.</param>
/// <param name="Owner">Who answers for it.</param>
/// <param name="Due">When it is due.</param>
/// <param name="Status">How far it has got.</param>
public sealed record IncidentActionItem(int Number, string Text, string Owner, DateOnly Due, ActionItemStatus Status);
