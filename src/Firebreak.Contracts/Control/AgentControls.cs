using System.Collections.Frozen;

namespace Firebreak.Control;

/// <summary>The settings of one agent, indexed so that the guard's hot path finds them with two dictionary probes.</summary>
internal sealed class AgentControls(ControlSetting? agent, FrozenDictionary<string, ControlSetting> tools)
{
    public ControlSetting? Agent { get; } = agent;

    /// <summary>Tool settings by tool name.</summary>
    public FrozenDictionary<string, ControlSetting> Tools { get; } = tools;
}
