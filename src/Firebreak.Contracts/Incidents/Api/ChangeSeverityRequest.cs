namespace Firebreak.Incidents;

/// <summary>Changes an incident's severity.</summary>
/// <param name="Severity">Any accepted alias.</param>
/// <param name="Reason">Why; required, because a severity change changes who is paged.</param>
public sealed record ChangeSeverityRequest(string Severity, string Reason);
