namespace Firebreak.Registry;

/// <summary>A task people do for each action of a tool that has no inverse ("send a correction email").</summary>
/// <param name="Task">What to do.</param>
/// <param name="Owner">Who does it by default (a team or a person).</param>
public sealed record MitigationDefinition(string Task, string Owner);
