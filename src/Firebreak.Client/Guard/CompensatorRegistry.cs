using System.Collections.Concurrent;
using Firebreak.Compensation;

namespace Firebreak.Client;

/// <summary>
/// The in-process compensators of an agent's process (<c>guard.Compensators.Register("issue_refund", ...)</c>). Once one
/// is registered, the guard polls the server for compensations of the agent's tools that a run has dispatched, runs the
/// registered compensator with the item's idempotency key and reports it done or failed. The server's state machine
/// moves each item once; the compensator's use of the key makes a repeated delivery harmless.
/// </summary>
public sealed class CompensatorRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, CompensationHandler> _compensators = new(StringComparer.Ordinal);
    private readonly FirebreakClient _client;
    private readonly string _agentId;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _loop;

    internal CompensatorRegistry(FirebreakClient client, string agentId, TimeSpan interval, TimeProvider time)
    {
        _client = client;
        _agentId = agentId;
        _interval = interval;
        _time = time;
    }

    /// <summary>The tools with a registered compensator.</summary>
    public IReadOnlyCollection<string> Tools => [.. _compensators.Keys];

    /// <summary>Registers (or replaces) the compensator of <paramref name="tool"/> and starts polling for work.</summary>
    public void Register(string tool, CompensationHandler compensator)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tool);
        ArgumentNullException.ThrowIfNull(compensator);
        _compensators[tool] = compensator;
        lock (_gate)
        {
            _loop ??= Task.Run(() => PollAsync(_stop.Token));
        }
    }

    /// <summary>Runs every dispatched compensation of a registered tool once and reports it; returns how many it ran.</summary>
    public async Task<int> RunPendingAsync(CancellationToken cancellationToken = default)
    {
        var ran = 0;
        foreach (var item in await _client.ListDispatchedCompensationsAsync(_agentId, cancellationToken).ConfigureAwait(false))
        {
            if (!_compensators.TryGetValue(item.Action.Tool, out var compensator))
            {
                continue;
            }

            CompensationReport report;
            try
            {
                await compensator(item.Action, item.CompensationKey, cancellationToken).ConfigureAwait(false);
                report = new CompensationReport(true);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var message = $"{e.GetType().Name}: {e.Message}";
                report = new CompensationReport(false, message.Length > CompensationReport.MaxErrorLength ? message[..CompensationReport.MaxErrorLength] : message);
            }

            await _client.ReportCompensationAsync(_agentId, item.ActionSeq, report, cancellationToken).ConfigureAwait(false);
            ran++;
        }

        return ran;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RunPendingAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or FirebreakApiException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The server is unreachable or refused: the items stay dispatched, and the next poll tries again.
            }

            await Task.Delay(_interval, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
