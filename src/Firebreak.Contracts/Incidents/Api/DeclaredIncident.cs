namespace Firebreak.Incidents;

/// <summary>The answer to a declaration: the incident, and what the classifier made of the impact facts.</summary>
/// <param name="Incident">The declared incident.</param>
/// <param name="Suggestion">The classifier's severity and reasons; <see langword="null"/> when no impact facts were given.</param>
public sealed record DeclaredIncident(Incident Incident, SeverityClassification? Suggestion);
