namespace Firebreak.Incidents;

/// <summary>Creates or replaces an action item.</summary>
/// <param name="Text">What will be done.</param>
/// <param name="Owner">Who answers for it.</param>
/// <param name="Due">When it is due.</param>
/// <param name="Status">How far it has got; defaults to open.</param>
public sealed record ActionItemRequest(string Text, string Owner, DateOnly Due, ActionItemStatus Status = ActionItemStatus.Open);
