using Firebreak.Control;
using Firebreak.GameDays;
using Firebreak.Incidents;
using Firebreak.Registry;
using Firebreak.Releases;

namespace Firebreak.Readiness;

/// <summary>What the checklist needs to know about one agent, gathered from the API.</summary>
/// <param name="Agent">The agent's registry entry.</param>
/// <param name="ControlEpoch">The control snapshot's epoch now.</param>
/// <param name="Points">The enforcement points the server knows, of every agent.</param>
/// <param name="Releases">The agent's release routing.</param>
/// <param name="RegressionCases">How many regression cases gate the agent's promotions.</param>
/// <param name="RetentionDays">How many days the server keeps decision traces.</param>
/// <param name="PlaybookClasses">The failure classes the agent's playbooks answer.</param>
/// <param name="KillSwitchDrills">The agent's kill-switch drills, any order.</param>
/// <param name="RollbackDrills">The agent's rollback drills, any order.</param>
public sealed record ReadinessFacts(
    AgentDefinition Agent,
    long ControlEpoch,
    IReadOnlyList<EnforcementPointInfo> Points,
    AgentReleaseState Releases,
    int RegressionCases,
    int RetentionDays,
    IReadOnlyCollection<FailureClass> PlaybookClasses,
    IReadOnlyList<GameDayRecord> KillSwitchDrills,
    IReadOnlyList<GameDayRecord> RollbackDrills);
