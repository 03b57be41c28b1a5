namespace Firebreak.Incidents;

/// <summary>Declares an incident.</summary>
/// <param name="Title">A few words saying what is wrong.</param>
/// <param name="Agents">The agents involved (slugs); the first is the primary agent used for metrics and recurrence.</param>
/// <param name="FailureClass">Why the agents failed.</param>
/// <param name="Commander">Who leads the response.</param>
/// <param name="Severity">Any accepted alias (<c>SEV1</c>, <c>P0</c>, <c>critical</c>); when absent the classifier's suggestion from <paramref name="Impact"/> is used.</param>
/// <param name="WindowStart">When the failure began; defaults to the moment of declaration.</param>
/// <param name="WindowEnd">When it ended, if known.</param>
/// <param name="Impact">What is known about the impact; the classifier suggests a severity from it.</param>
/// <param name="Tool">The tool at the centre of the failure, for recurrence matching.</param>
/// <param name="AlertId">The alert the incident was declared from, if any.</param>
public sealed record DeclareIncidentRequest(
    string Title,
    IReadOnlyList<string> Agents,
    FailureClass FailureClass,
    string Commander,
    string? Severity = null,
    DateTimeOffset? WindowStart = null,
    DateTimeOffset? WindowEnd = null,
    ImpactFacts? Impact = null,
    string? Tool = null,
    string? AlertId = null);
