using System.Text.Json;

namespace Firebreak.Registry;

/// <summary>A tool an agent may call.</summary>
/// <param name="Name">Unique within the agent: letters, digits, <c>_</c>, <c>-</c>, <c>.</c>; at most 128 characters.</param>
/// <param name="Risk">The tool's risk class.</param>
/// <param name="Description">Free text for people.</param>
/// <param name="ArgumentsSchema">JSON schema of the arguments object, kept as declared.</param>
/// <param name="FailMode">Behaviour when the control plane is unreachable; <see langword="null"/> means the default for <paramref name="Risk"/>.</param>
/// <param name="Compensation">How the tool's effect is undone, or mitigated where it cannot be; <see langword="null"/> when undeclared.</param>
public sealed record ToolDefinition(
    string Name,
    RiskClass Risk,
    string? Description = null,
    JsonElement? ArgumentsSchema = null,
    FailMode? FailMode = null,
    ToolCompensation? Compensation = null)
{
    /// <summary>Open for <see cref="RiskClass.Read"/>, closed for everything else, unless declared.</summary>
    public FailMode EffectiveFailMode => FailMode ?? DefaultFailMode(Risk);

    public bool IsRisky => Risk != RiskClass.Read;

    /// <summary>The fail mode of a tool that declares none: open for <see cref="RiskClass.Read"/>, closed for every risky class.</summary>
    public static FailMode DefaultFailMode(RiskClass risk) => risk == RiskClass.Read ? Registry.FailMode.Open : Registry.FailMode.Closed;
}
