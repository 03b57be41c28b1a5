namespace Firebreak.Incidents;

/// <summary>The severity the classifier suggests and why.</summary>
/// <param name="Severity">The suggested level; a commander may still choose another.</param>
/// <param name="Reasons">Every rule that fired, for people, most severe first; the first one decided the suggestion.</param>
public sealed record SeverityClassification(Severity Severity, IReadOnlyList<string> Reasons);
