using Firebreak.Registry;

namespace Firebreak.Control;

/// <summary>
/// An operator's or detector's request to change containment, as the API and the CLI receive it
/// (<c>firebreak kill --agent support --risk write,financial --reason "..." --for 1h</c>).
/// <see cref="ControlChangeValidator"/> checks it; <see cref="ControlChangePlanner"/> expands it against the registry.
/// </summary>
/// <param name="Target">What the change reaches; see <see cref="ControlTarget"/>.</param>
/// <param name="Reason">Why; required, at most 1000 characters. Models read it in block messages.</param>
/// <param name="Mode">The mode to set at every target scope; <see cref="ControlMode.Normal"/> resumes. <see langword="null"/> (the default) leaves modes unchanged, for a freeze-only or strict-only change.</param>
/// <param name="AgentId">The agent, for every target but <see cref="ControlTarget.Global"/>.</param>
/// <param name="Tools">Tool names, for <see cref="ControlTarget.Tools"/> only.</param>
/// <param name="Risk">Risk classes, for <see cref="ControlTarget.Risk"/> only.</param>
/// <param name="Freeze"><see langword="true"/> freezes the agent (no release or configuration changes), <see langword="false"/> thaws it; <see langword="null"/> (the default) leaves it. Only with <see cref="ControlTarget.Agent"/>.</param>
/// <param name="IncidentId">The incident the change contains, if any.</param>
/// <param name="For">How long the mode lasts: it expires at the change time plus this duration. <see langword="null"/> (the default) means until changed. Not allowed when resuming.</param>
/// <param name="Strict"><see langword="true"/> puts the agent at the strict policy level (guardrail flags become blocks, detector thresholds drop), <see langword="false"/> returns it to the normal level; <see langword="null"/> (the default) leaves it. Only with <see cref="ControlTarget.Agent"/>.</param>
public sealed record ControlChangeRequest(
    ControlTarget Target,
    string Reason,
    ControlMode? Mode = null,
    string? AgentId = null,
    IReadOnlyList<string>? Tools = null,
    IReadOnlyList<RiskClass>? Risk = null,
    bool? Freeze = null,
    string? IncidentId = null,
    TimeSpan? For = null,
    bool? Strict = null);
