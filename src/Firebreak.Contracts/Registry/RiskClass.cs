namespace Firebreak.Registry;

/// <summary>How much harm a tool can do. Everything but <see cref="Read"/> is risky: recorded before it executes and closed when the control plane is unreachable.</summary>
public enum RiskClass
{
    Read,
    Write,
    Financial,
    Message,
    Irreversible,
}
