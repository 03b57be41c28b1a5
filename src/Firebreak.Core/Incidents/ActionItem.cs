namespace Firebreak.Incidents;

/// <summary>A specific, owned and dated improvement that a postmortem commits to.</summary>
/// <param name="Text">What will be done.</param>
/// <param name="Owner">Who answers for it.</param>
/// <param name="Due">When it is due.</param>
/// <param name="Status">How far it has got; defaults to <see cref="ActionItemStatus.Open"/>.</param>
internal sealed record ActionItem(string Text, string Owner, DateOnly Due, ActionItemStatus Status = ActionItemStatus.Open);
