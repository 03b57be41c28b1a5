using System.Text.Json;
using Firebreak.Control;

namespace Firebreak.Client;

/// <summary>Settings of an <see cref="AgentGuard"/>; validated by <see cref="AgentGuard.StartAsync"/>.</summary>
public sealed class AgentGuardOptions
{
    /// <summary>
    /// The Firebreak server, such as <c>http://127.0.0.1:5080</c>. Required unless <see cref="ServerUrls"/> is set or
    /// <see cref="HttpClient"/> has a base address.
    /// </summary>
    public Uri? ServerUrl { get; init; }

    /// <summary>
    /// The nodes of a Firebreak cluster (several servers on one PostgreSQL database), tried in this order. The guard
    /// talks to one node and moves to the next when that node cannot be reached: its stream resumes there from the last
    /// epoch it applied (<c>Last-Event-ID</c>) under the same <see cref="PointId"/> and key, and the records it could not
    /// send are retried there. Takes precedence over <see cref="ServerUrl"/> and the base address of <see cref="HttpClient"/>.
    /// </summary>
    /// <value>Default <see langword="null"/>: the one server of <see cref="ServerUrl"/>.</value>
    public IReadOnlyList<Uri>? ServerUrls { get; init; }

    /// <summary>The agent's API key, sent as a bearer token; <see langword="null"/> when <see cref="HttpClient"/> adds its own authorization.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The registered agent this guard enforces controls for. Required.</summary>
    public required string AgentId { get; init; }

    /// <summary>This enforcement point's id, shown to operators in confirmations.</summary>
    /// <value>Default <c>&lt;agent&gt;-&lt;8 random hex digits&gt;</c>, unique per process.</value>
    public string? PointId { get; init; }

    /// <summary>The host name reported to the server.</summary>
    /// <value>Default <see cref="Environment.MachineName"/>.</value>
    public string? Host { get; init; }

    /// <summary>The agent's software version reported to the server; <see langword="null"/> (the default) reports none.</summary>
    public string? Version { get; init; }

    /// <summary>
    /// The client to talk to the server with (tests pass one over an in-process handler); the caller keeps ownership.
    /// When <see langword="null"/> (the default) the guard makes one for <see cref="ServerUrl"/> and disposes it.
    /// Its <see cref="HttpClient.Timeout"/> must exceed <see cref="ApprovalPollWait"/>.
    /// </summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>The clock for leases, approval timeouts and reconnect delays.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The decider's settings; <see langword="null"/> (the default) for its defaults.</summary>
    public ControlDeciderOptions? Decider { get; init; }

    /// <summary>How long a call waits for a human before it is denied.</summary>
    /// <value>Default 45 s, the server's default and under the common 60 s MCP client timeout.</value>
    public TimeSpan ApprovalTimeout { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>The longest single long-poll for an approval decision.</summary>
    /// <value>Default 20 s.</value>
    public TimeSpan ApprovalPollWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long <see cref="AgentGuard.StartAsync"/> waits for the first snapshot; after it the guard starts with a stale lease, so risky tools fail closed until the stream connects.</summary>
    /// <value>Default 5 s.</value>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first reconnect delay after the stream drops; doubled per failed attempt, with jitter.</summary>
    /// <value>Default 250 ms.</value>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The cap on the reconnect delay.</summary>
    /// <value>Default 10 s.</value>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long records that could not be sent wait before they are retried, unless a stream event shows the server is back first.</summary>
    /// <value>Default 2 s.</value>
    public TimeSpan RecordRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the guard asks for in-process compensations once a compensator is registered (<see cref="AgentGuard.Compensators"/>).</summary>
    /// <value>Default 1 s.</value>
    public TimeSpan CompensationPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long <see cref="AgentGuard.DisposeAsync"/> waits to flush records still queued.</summary>
    /// <value>Default 5 s.</value>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Per tool, the simulated result returned (and recorded) when the tool is in shadow mode. Tools not listed get
    /// <c>{ "shadowed": true, "tool": ..., "message": ... }</c>.
    /// </summary>
    public IDictionary<string, Func<ToolCall, JsonElement>> ShadowResults { get; } = new Dictionary<string, Func<ToolCall, JsonElement>>(StringComparer.Ordinal);

    /// <summary>
    /// Per tool, extracts entities and amount from the arguments for the ledger (for example <c>issue_refund</c> →
    /// <c>customer:47</c>, amount from <c>amount</c>). Used when the <see cref="ToolCall"/> carries none.
    /// </summary>
    public IDictionary<string, Func<JsonElement, ActionDetails>> ActionDetails { get; } = new Dictionary<string, Func<JsonElement, ActionDetails>>(StringComparer.Ordinal);
}
