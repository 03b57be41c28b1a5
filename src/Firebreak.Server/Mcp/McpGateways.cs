using System.Collections.Concurrent;
using Firebreak.Server.Approvals;
using Firebreak.Server.Control;
using Firebreak.Server.Ledger;
using Firebreak.Server.Registry;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Firebreak.Server.Mcp;

/// <summary>
/// The MCP gateways of this node, one per agent, created when the agent's first session opens and rebuilt when its
/// upstream declarations change. Stopping the host stops them, and with them every upstream process.
/// </summary>
internal sealed class McpGateways(
    RegistryStore registry,
    ControlPlane plane,
    ControlBroadcaster broadcaster,
    EnforcementPoints points,
    LedgerStore ledger,
    ApprovalStore approvals,
    ApprovalWaiters waiters,
    IOptions<ControlOptions> options,
    McpUpstreamPolicy upstreamPolicy,
    TimeProvider time,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, McpAgentGateway> _gateways = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, McpAgentGateway> _sessions = new(StringComparer.Ordinal);
    /// <summary>Never disposed: it has no wait handle to free, and the host may stop this service after disposing it.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _stopped;

    /// <summary>The gateway of <paramref name="agentId"/>, as currently registered; <see langword="null"/> when the agent declares no upstreams.</summary>
    public async Task<McpAgentGateway?> GetAsync(string agentId, CancellationToken cancellationToken)
    {
        if (await registry.GetAsync(agentId, cancellationToken) is not { Mcp: not null } agent)
        {
            return null;
        }

        if (_gateways.TryGetValue(agentId, out var current) && current.Serves(agent))
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_gateways.TryGetValue(agentId, out current))
            {
                if (current.Serves(agent))
                {
                    return current;
                }

                await current.DisposeAsync();
            }

            var gateway = new McpAgentGateway(agent, plane, broadcaster, points, registry, ledger, approvals, waiters, options.Value, upstreamPolicy, time, loggers);
            _gateways[agentId] = gateway;
            return gateway;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The gateway already serving <paramref name="agentId"/> on this node, without starting one.</summary>
    public McpAgentGateway? Find(string agentId) => _gateways.GetValueOrDefault(agentId);

    /// <summary>Runs one MCP session of the agent named in the request's route, tied to that agent's gateway.</summary>
    public async Task RunSessionAsync(HttpContext http, McpServer session, CancellationToken cancellationToken)
    {
        var agentId = http.GetRouteValue("agent") as string ?? throw new InvalidOperationException("The MCP route names no agent.");
        var gateway = await GetAsync(agentId, cancellationToken) ?? throw new InvalidOperationException($"Agent '{agentId}' declares no MCP upstreams.");
        var sessionId = session.SessionId ?? throw new InvalidOperationException("A stateful MCP session has no id.");
        _sessions[sessionId] = gateway;
        try
        {
            await gateway.RunSessionAsync(session, cancellationToken);
        }
        finally
        {
            _sessions.TryRemove(sessionId, out _);
        }
    }

    /// <summary>The gateway a session belongs to. By id: handlers see the session through a per-request wrapper, not the instance that runs it.</summary>
    public McpAgentGateway For(McpServer session) =>
        session.SessionId is { } sessionId && _sessions.TryGetValue(sessionId, out var gateway)
            ? gateway
            : throw new McpProtocolException("This MCP session belongs to no Firebreak gateway.", McpErrorCode.InvalidRequest);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops the gateways when the container is disposed before (or without) the host stopping this service.</summary>
    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            foreach (var gateway in _gateways.Values)
            {
                await gateway.DisposeAsync();
            }

            _gateways.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }
}
