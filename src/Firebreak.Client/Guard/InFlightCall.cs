using Firebreak.Control;

namespace Firebreak.Client;

/// <summary>A guarded call not yet finished, with the token a kill cancels.</summary>
internal sealed class InFlightCall : IDisposable
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
