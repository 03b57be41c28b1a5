namespace Firebreak.Server.Incidents;

/// <summary>The escalation levels of one severity, first to last.</summary>
public sealed class EscalationPolicyOptions
{
    /// <summary>The levels in the order they are paged; at least one.</summary>
    public List<EscalationLevelOptions> Levels { get; init; } = [];
}
