using Firebreak.Incidents;

namespace Firebreak.Playbooks;

/// <summary>Which alerts a playbook answers: all the filters that are set must hold.</summary>
/// <param name="FailureClasses">The alert's failure class is one of these; at least one.</param>
/// <param name="MinSeverity">The alert is at least this severe (<c>sev2</c> matches SEV1 and SEV2); <see langword="null"/> matches every severity.</param>
/// <param name="Detectors">The alert was raised by one of these detectors; <see langword="null"/> matches every detector.</param>
public sealed record PlaybookMatch(
    IReadOnlyList<FailureClass> FailureClasses,
    Severity? MinSeverity = null,
    IReadOnlyList<string>? Detectors = null);
