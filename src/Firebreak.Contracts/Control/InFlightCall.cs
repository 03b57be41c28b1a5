namespace Firebreak.Control;

/// <summary>
/// A tool call an enforcement point is running (<see cref="ToolCallPipeline"/>, step 6), with the token a kill cancels:
/// the point registers it before asking or recording anything, and cancels it when a snapshot blocks its tool.
/// </summary>
public sealed class InFlightCall : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly Lock _gate = new();
    private bool _disposed;

    public InFlightCall(string tool, CancellationToken callerToken)
    {
        Tool = tool;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
    }

    public string Tool { get; }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>The decision that killed the call; <see langword="null"/> while it may go on.</summary>
    public GuardDecision? KilledBy { get; private set; }

    public void Kill(GuardDecision decision)
    {
        // A snapshot may arrive as the call finishes; the lock keeps Cancel off a disposed source.
        lock (_gate)
        {
            if (_disposed || KilledBy is not null)
            {
                return;
            }

            KilledBy = decision;
            _cancellation.Cancel();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _cancellation.Dispose();
        }
    }
}
