using Firebreak.Registry;

namespace Firebreak.Control;

/// <summary>Settings of <see cref="ControlDecider"/>.</summary>
public sealed class ControlDeciderOptions
{
    /// <summary>The risk class assumed for a tool the registry does not know.</summary>
    /// <value>Default <see cref="RiskClass.Irreversible"/>: nothing is known about what it does, so it is treated as the most harmful class and fails closed.</value>
    public RiskClass UnknownToolRisk { get; init; } = RiskClass.Irreversible;
}
