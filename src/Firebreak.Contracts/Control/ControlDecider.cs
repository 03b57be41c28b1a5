using Firebreak.Registry;

namespace Firebreak.Control;

/// <summary>
/// The one decision function every enforcement point (the SDK's AgentGuard, the MCP gateway, the HTTP authorize
/// endpoint) applies to a tool call or a run start. Pure: it reads a snapshot, a tool definition, a lease state and
/// the time, and allocates nothing when the answer is <see cref="GuardVerdict.Execute"/>.
/// </summary>
/// <remarks>
/// <para>Tool calls, by the most restrictive mode in force:</para>
/// <list type="table">
/// <listheader><term>mode</term><description>read tool / risky tool</description></listheader>
/// <item><term>normal</term><description>execute / execute</description></item>
/// <item><term>approval</term><description>execute / require approval — reads have no side effects to approve</description></item>
/// <item><term>shadow</term><description>execute / shadow — reads feed the run so its would-be actions are realistic</description></item>
/// <item><term>fallback</term><description>execute / block — fallback reduces the tool set to read tools</description></item>
/// <item><term>paused</term><description>a pause at global or agent scope drains: runs in flight keep calling tools under the remaining controls, so it does not count for tool calls. A pause at tool scope drains that tool: calls already executing finish, new calls are blocked</description></item>
/// <item><term>killed</term><description>block / block</description></item>
/// </list>
/// <para>
/// With a stale lease a tool that fails closed (risky tools by default) is blocked whatever the last snapshot says,
/// because that snapshot may be out of date; a tool that fails open is decided from the last snapshot.
/// </para>
/// <para>
/// Context reads (<see cref="DecideContextRead"/>: an MCP resource read or prompt fetched through the gateway) follow
/// the read column, plus one rule of run starts: a pause at any scope refuses them. A resource or a prompt is what a
/// client attaches to a new turn, not a step of a run in flight, and a paused agent takes no new input.
/// </para>
/// <para>
/// Run starts, by the most restrictive mode at global and agent scope (tool scopes govern tool calls only):
/// killed blocks, paused holds the input, fallback serves the degraded experience, and approval, shadow and normal
/// start the run (its tool calls are then decided one by one). The lease does not take part: starting a run has no
/// side effect, and the run's risky tools fail closed on their own while the lease is stale.
/// </para>
/// </remarks>
public sealed class ControlDecider
{
    private readonly RiskClass _unknownToolRisk;

    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ControlDeciderOptions.UnknownToolRisk"/> is not a risk class.</exception>
    public ControlDecider(ControlDeciderOptions? options = null)
    {
        Options = options ?? new ControlDeciderOptions();
        if (!Enum.IsDefined(Options.UnknownToolRisk))
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.UnknownToolRisk, "UnknownToolRisk is not a risk class.");
        }

        _unknownToolRisk = Options.UnknownToolRisk;
    }

    public ControlDeciderOptions Options { get; }

    /// <summary>Decides a call of a registered tool.</summary>
    public GuardDecision DecideToolCall(ControlSnapshot snapshot, string agentId, ToolDefinition tool, LeaseState lease, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return DecideToolCall(snapshot, agentId, tool.Name, tool, lease, now);
    }

    /// <summary>Decides a tool call; see the remarks on <see cref="ControlDecider"/> for the rules.</summary>
    /// <param name="snapshot">The enforcement point's current snapshot (the last one received when the lease is stale).</param>
    /// <param name="agentId">The calling agent.</param>
    /// <param name="toolName">The tool called.</param>
    /// <param name="tool">Its registry definition; <see langword="null"/> for a tool the registry does not know, which is treated as <see cref="ControlDeciderOptions.UnknownToolRisk"/> with that class's default fail mode.</param>
    /// <param name="lease">The state of the enforcement point's lease.</param>
    /// <param name="now">The current time.</param>
    public GuardDecision DecideToolCall(ControlSnapshot snapshot, string agentId, string toolName, ToolDefinition? tool, LeaseState lease, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(toolName);
        var risk = tool?.Risk ?? _unknownToolRisk;
        var failMode = tool?.EffectiveFailMode ?? ToolDefinition.DefaultFailMode(risk);
        var control = snapshot.Resolve(agentId, toolName, now, ignoreBroadPause: true);
        if (lease != LeaseState.Fresh && failMode == FailMode.Closed)
        {
            return new GuardDecision(GuardVerdict.Block, control, snapshot.Epoch, agentId, toolName, risk, failedClosed: true);
        }

        var read = risk == RiskClass.Read;
        var verdict = control.Mode switch
        {
            ControlMode.Normal => GuardVerdict.Execute,
            ControlMode.Approval => read ? GuardVerdict.Execute : GuardVerdict.RequireApproval,
            ControlMode.Shadow => read ? GuardVerdict.Execute : GuardVerdict.Shadow,
            ControlMode.Fallback => read ? GuardVerdict.Execute : GuardVerdict.Block,
            _ => GuardVerdict.Block,
        };
        return new GuardDecision(verdict, control, snapshot.Epoch, agentId, toolName, risk, failedClosed: false);
    }

    /// <summary>
    /// Decides a context read: an MCP resource read or prompt fetched for the agent, named by <paramref name="channel"/>
    /// (<c>resources/read</c>, <c>prompts/get</c>). Decided as a call of a read tool of that name (so it fails open on a
    /// stale lease), except that a pause at global or agent scope blocks it; see the remarks on <see cref="ControlDecider"/>.
    /// </summary>
    public GuardDecision DecideContextRead(ControlSnapshot snapshot, string agentId, string channel, LeaseState lease, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var read = DecideToolCall(snapshot, agentId, channel, new ToolDefinition(channel, RiskClass.Read), lease, now);
        if (read.Verdict != GuardVerdict.Execute)
        {
            return read;
        }

        var control = snapshot.Resolve(agentId, channel, now, ignoreBroadPause: false);
        return control.Mode == ControlMode.Paused
            ? new GuardDecision(GuardVerdict.Block, control, snapshot.Epoch, agentId, channel, RiskClass.Read, failedClosed: false)
            : read;
    }

    /// <summary>Decides whether a new run of <paramref name="agentId"/> starts; see the remarks on <see cref="ControlDecider"/>. Static because no option bears on run starts.</summary>
    public static GuardDecision DecideRunStart(ControlSnapshot snapshot, string agentId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(agentId);
        var control = snapshot.Resolve(agentId, null, now, ignoreBroadPause: false);
        var verdict = control.Mode switch
        {
            ControlMode.Killed => GuardVerdict.Block,
            ControlMode.Paused => GuardVerdict.Hold,
            ControlMode.Fallback => GuardVerdict.Fallback,
            _ => GuardVerdict.Execute,
        };
        return new GuardDecision(verdict, control, snapshot.Epoch, agentId, null, null, failedClosed: false);
    }
}
