using System.Collections.Frozen;
using System.Text.Json.Serialization;
using Firebreak.Releases;

namespace Firebreak.Control;

/// <summary>
/// The whole control state at one epoch: every setting in force, the frozen agents and the agents at the strict policy level. Immutable: a change makes
/// a new snapshot with a higher epoch (<see cref="Apply(ControlChange)"/>), which holders swap in atomically, so
/// the guard reads without locks. JSON carries <see cref="Epoch"/>, <see cref="Settings"/>, <see cref="FrozenAgents"/>,
/// <see cref="Releases"/> and <see cref="StrictAgents"/>, so a release change reaches and is confirmed by enforcement points exactly like a control change, and so does a change of policy level.
/// </summary>
/// <remarks>
/// A sealed class rather than a record: it carries indexes built from <see cref="Settings"/> for the hot path,
/// and a <c>with</c> expression would copy them stale.
/// </remarks>
public sealed class ControlSnapshot
{
    private readonly ControlSetting? _global;
    private readonly FrozenDictionary<string, AgentControls> _agents;
    private readonly FrozenDictionary<string, ControlSetting> _byKey;
    private readonly FrozenSet<string> _frozen;
    private readonly FrozenSet<string> _strict;
    private readonly FrozenDictionary<string, ReleaseRouting> _releases;

    /// <summary>Builds a snapshot. Settings in mode <see cref="ControlMode.Normal"/> are dropped: normal is the absence of a setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative, or a setting is newer than it.</exception>
    /// <exception cref="ArgumentException">Two settings share a scope, or two release routings an agent.</exception>
    [JsonConstructor]
    public ControlSnapshot(
        long epoch,
        IReadOnlyList<ControlSetting> settings,
        IReadOnlyList<string> frozenAgents,
        IReadOnlyList<ReleaseRouting>? releases = null,
        IReadOnlyList<string>? strictAgents = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(frozenAgents);
        var byKey = new Dictionary<string, ControlSetting>(StringComparer.Ordinal);
        foreach (var setting in settings)
        {
            ArgumentNullException.ThrowIfNull(setting, nameof(settings));
            if (setting.Epoch > epoch)
            {
                throw new ArgumentOutOfRangeException(nameof(settings), $"Setting {setting.Scope} has epoch {setting.Epoch}, after the snapshot's {epoch}.");
            }

            if (setting.Mode != ControlMode.Normal && !byKey.TryAdd(setting.Scope.Key, setting))
            {
                throw new ArgumentException($"Two settings share scope {setting.Scope}.", nameof(settings));
            }
        }

        Epoch = epoch;
        _byKey = byKey.ToFrozenDictionary(StringComparer.Ordinal);
        _frozen = frozenAgents.ToFrozenSet(StringComparer.Ordinal);
        Settings = [.. byKey.Values.OrderBy(s => s.Scope.Key, StringComparer.Ordinal)];
        FrozenAgents = [.. _frozen.Order(StringComparer.Ordinal)];
        _strict = (strictAgents ?? []).ToFrozenSet(StringComparer.Ordinal);
        StrictAgents = [.. _strict.Order(StringComparer.Ordinal)];
        _global = byKey.GetValueOrDefault(ControlScope.GlobalKey);
        _agents = Index(byKey.Values);
        var routings = new Dictionary<string, ReleaseRouting>(StringComparer.Ordinal);
        foreach (var routing in releases ?? [])
        {
            ArgumentNullException.ThrowIfNull(routing, nameof(releases));
            if (!routings.TryAdd(routing.AgentId, routing))
            {
                throw new ArgumentException($"Two release routings for agent {routing.AgentId}.", nameof(releases));
            }
        }

        _releases = routings.ToFrozenDictionary(StringComparer.Ordinal);
        Releases = [.. routings.Values.OrderBy(r => r.AgentId, StringComparer.Ordinal)];
    }

    /// <summary>The empty state at epoch 0: everything normal, nothing frozen, no agent strict.</summary>
    public static ControlSnapshot Empty { get; } = new(0, [], []);

    /// <summary>Grows by at least one with every change; enforcement points report the epoch they hold.</summary>
    public long Epoch { get; }

    /// <summary>Every setting, ordered by scope key. Expired settings stay until the next change prunes them, and count as normal meanwhile.</summary>
    public IReadOnlyList<ControlSetting> Settings { get; }

    /// <summary>Agents whose releases and configuration must not change, ordered.</summary>
    public IReadOnlyList<string> FrozenAgents { get; }

    /// <summary>
    /// Agents at the strict policy level, ordered: their guardrails block what they would only flag, and detectors
    /// fire at lowered thresholds. Snapshots stored before the level existed read as none.
    /// </summary>
    public IReadOnlyList<string> StrictAgents { get; }

    /// <summary>Each agent's release routing, ordered by agent; agents without an activated release have none.</summary>
    public IReadOnlyList<ReleaseRouting> Releases { get; }

    /// <summary>The release routing of <paramref name="agentId"/>, or <see langword="null"/> before its first activation.</summary>
    public ReleaseRouting? ReleaseOf(string agentId) => _releases.GetValueOrDefault(agentId);

    /// <summary>The setting at the scope with key <paramref name="scopeKey"/>, active or not.</summary>
    public ControlSetting? Find(string scopeKey) => _byKey.GetValueOrDefault(scopeKey);

    public bool IsFrozen(string agentId) => _frozen.Contains(agentId);

    /// <summary>Whether <paramref name="agentId"/> is at the strict policy level. Allocates nothing.</summary>
    public bool IsStrict(string agentId) => _strict.Contains(agentId);

    /// <summary>
    /// The most restrictive mode active at <paramref name="now"/> across the global, agent and tool scopes of a tool call,
    /// and the setting that decided it. Expired settings count as normal. Allocates nothing.
    /// </summary>
    public EffectiveControl EffectiveMode(string agentId, string toolName, DateTimeOffset now) =>
        Resolve(agentId, toolName, now, ignoreBroadPause: false);

    /// <summary>The most restrictive mode active at <paramref name="now"/> across the global and agent scopes: what governs starting a run.</summary>
    public EffectiveControl EffectiveMode(string agentId, DateTimeOffset now) =>
        Resolve(agentId, null, now, ignoreBroadPause: false);

    /// <summary>Applies <paramref name="change"/> at epoch <see cref="Epoch"/> + 1.</summary>
    public ControlSnapshot Apply(ControlChange change) => Apply(change, Epoch + 1);

    /// <summary>
    /// A new snapshot at <paramref name="epoch"/> with <paramref name="change"/> applied: each of its scopes gets the
    /// new mode (normal removes the scope's setting; narrower scopes keep theirs), the freeze, the policy level and release routing change, and settings
    /// expired at <see cref="ControlChange.At"/> are pruned. Use this overload when a store assigns epochs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is not above <see cref="Epoch"/>.</exception>
    public ControlSnapshot Apply(ControlChange change, long epoch)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(epoch, Epoch);
        var settings = new Dictionary<string, ControlSetting>(StringComparer.Ordinal);
        foreach (var setting in Settings)
        {
            if (setting.IsActiveAt(change.At))
            {
                settings[setting.Scope.Key] = setting;
            }
        }

        if (change.Mode is { } mode)
        {
            foreach (var scope in change.Scopes)
            {
                if (mode == ControlMode.Normal)
                {
                    settings.Remove(scope.Key);
                }
                else
                {
                    settings[scope.Key] = new ControlSetting(scope, mode, epoch, change.Actor, change.Reason, change.At, change.IncidentId, change.ExpiresAt);
                }
            }
        }

        var frozen = new HashSet<string>(_frozen, StringComparer.Ordinal);
        if (change.FreezeAgentId is { } agentId)
        {
            if (change.Freeze)
            {
                frozen.Add(agentId);
            }
            else
            {
                frozen.Remove(agentId);
            }
        }

        var strict = new HashSet<string>(_strict, StringComparer.Ordinal);
        if (change.StrictAgentId is { } strictAgentId)
        {
            if (change.Strict)
            {
                strict.Add(strictAgentId);
            }
            else
            {
                strict.Remove(strictAgentId);
            }
        }

        var releases = new Dictionary<string, ReleaseRouting>(_releases, StringComparer.Ordinal);
        if (change.Release is { } release)
        {
            releases[release.AgentId] = release;
        }

        return new ControlSnapshot(epoch, [.. settings.Values], [.. frozen], [.. releases.Values], [.. strict]);
    }

    /// <summary>
    /// The hot path. With <paramref name="ignoreBroadPause"/>, paused global and agent settings do not count: a pause
    /// drains, so tool calls of runs already in flight continue under the remaining controls.
    /// Ties go to the wider scope because it is checked first and only a strictly more restrictive mode replaces it.
    /// </summary>
    internal EffectiveControl Resolve(string agentId, string? toolName, DateTimeOffset now, bool ignoreBroadPause)
    {
        var decided = Stronger(null, _global, now, ignoreBroadPause);
        if (_agents.TryGetValue(agentId, out var agent))
        {
            decided = Stronger(decided, agent.Agent, now, ignoreBroadPause);
            if (toolName is not null && agent.Tools.TryGetValue(toolName, out var tool))
            {
                decided = Stronger(decided, tool, now, ignorePause: false);
            }
        }

        return decided is null ? EffectiveControl.Normal : new EffectiveControl(decided.Mode, decided);
    }

    private static ControlSetting? Stronger(ControlSetting? current, ControlSetting? candidate, DateTimeOffset now, bool ignorePause) =>
        candidate is not null
        && !(ignorePause && candidate.Mode == ControlMode.Paused)
        && candidate.IsActiveAt(now)
        && (current is null || candidate.Mode > current.Mode)
            ? candidate
            : current;

    private static FrozenDictionary<string, AgentControls> Index(IEnumerable<ControlSetting> settings)
    {
        var agents = new Dictionary<string, ControlSetting>(StringComparer.Ordinal);
        var tools = new Dictionary<string, Dictionary<string, ControlSetting>>(StringComparer.Ordinal);
        foreach (var setting in settings)
        {
            switch (setting.Scope.Kind)
            {
                case ControlScopeKind.Agent:
                    agents[setting.Scope.AgentId!] = setting;
                    break;
                case ControlScopeKind.Tool:
                    if (!tools.TryGetValue(setting.Scope.AgentId!, out var byTool))
                    {
                        byTool = new Dictionary<string, ControlSetting>(StringComparer.Ordinal);
                        tools[setting.Scope.AgentId!] = byTool;
                    }

                    byTool[setting.Scope.ToolName!] = setting;
                    break;
                default:
                    break;
            }
        }

        var index = new Dictionary<string, AgentControls>(StringComparer.Ordinal);
        foreach (var agentId in agents.Keys.Union(tools.Keys, StringComparer.Ordinal))
        {
            index[agentId] = new AgentControls(
                agents.GetValueOrDefault(agentId),
                tools.TryGetValue(agentId, out var byTool)
                    ? byTool.ToFrozenDictionary(StringComparer.Ordinal)
                    : FrozenDictionary<string, ControlSetting>.Empty);
        }

        return index.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
