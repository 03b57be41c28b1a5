namespace Firebreak.Client;

/// <summary>Data of <see cref="AgentGuard.CallBlocked"/>.</summary>
/// <param name="call">The call that did not run.</param>
/// <param name="exception">What the caller receives, with the decision and the message the model reads.</param>
public sealed class ToolBlockedEventArgs(ToolCall call, ToolBlockedException exception) : EventArgs
{
    /// <summary>The call that did not run.</summary>
    public ToolCall Call { get; } = call;

    /// <summary>The exception the call ends with; <see cref="ToolBlockedException.Decision"/> says whether the call failed closed.</summary>
    public ToolBlockedException Exception { get; } = exception;
}
