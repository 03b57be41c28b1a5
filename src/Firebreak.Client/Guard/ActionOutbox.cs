using System.Net;
using System.Threading.Channels;

namespace Firebreak.Client;

/// <summary>
/// Sends best-effort records (reads, blocks, completions) in order, retrying while the server is unreachable, so a
/// block decided with a stale lease reaches the ledger once the server is back.
/// </summary>
internal sealed class ActionOutbox : IAsyncDisposable
{
    private readonly Channel<Func<CancellationToken, Task>> _queue = Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryDelay;
    private readonly TimeSpan _flushTimeout;
    private readonly Task _pump;
    private TaskCompletionSource _reachable = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ActionOutbox(TimeProvider time, TimeSpan retryDelay, TimeSpan flushTimeout)
    {
        _time = time;
        _retryDelay = retryDelay;
        _flushTimeout = flushTimeout;
        _pump = Task.Run(PumpAsync);
    }

    public void Enqueue(Func<CancellationToken, Task> send) => _queue.Writer.TryWrite(send);

    /// <summary>Tells a waiting retry that the server answered something, so it need not sit out its delay.</summary>
    public void SignalReachable() => Interlocked.Exchange(ref _reachable, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _pump.WaitAsync(_flushTimeout, _time);
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync();
            await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        var token = _stop.Token;
        try
        {
            await foreach (var send in _queue.Reader.ReadAllAsync(token))
            {
                while (!await TrySendAsync(send, token))
                {
                    var reachable = Volatile.Read(ref _reachable).Task;
                    await Task.WhenAny(reachable, Task.Delay(_retryDelay, _time, token));
                    token.ThrowIfCancellationRequested();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposal gave up on records the server never took; there is nowhere left to send them.
        }
    }

    private static async Task<bool> TrySendAsync(Func<CancellationToken, Task> send, CancellationToken token)
    {
        try
        {
            await send(token);
            return true;
        }
        catch (FirebreakApiException e) when (IsPermanent(e.StatusCode))
        {
            // The server refused the record itself (invalid, or the key already holds another outcome): resending cannot change that.
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or FirebreakApiException or IOException || (e is OperationCanceledException && !token.IsCancellationRequested))
        {
            return false;
        }
    }

    private static bool IsPermanent(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests;
}
