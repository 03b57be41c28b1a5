using System.Runtime.CompilerServices;
using Firebreak.Control;

namespace Firebreak.Server.Mcp;

/// <summary>A risky call the gateway is forwarding, which a control change that blocks its tool cancels.</summary>
internal sealed class McpInFlightCall : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private StrongBox<GuardDecision>? _killedBy;

    public McpInFlightCall(string tool, CancellationToken callerToken)
    {
        Tool = tool;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
    }

    public string Tool { get; }

    /// <summary>Cancelled when the caller gives up or a kill reaches the call.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>The decision that stopped the call, once one did.</summary>
    public GuardDecision? KilledBy => Volatile.Read(ref _killedBy)?.Value;

    public void Kill(GuardDecision decision)
    {
        Volatile.Write(ref _killedBy, new StrongBox<GuardDecision>(decision));
        _cancel.Cancel();
    }

    public void Dispose() => _cancel.Dispose();
}
