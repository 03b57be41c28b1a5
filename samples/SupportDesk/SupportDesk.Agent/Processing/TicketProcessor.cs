using System.Globalization;
using System.Threading.Channels;

namespace SupportDesk.Agent.Processing;

/// <summary>
/// Pulls tickets from the backend queue and runs the agent on each, one at a time with a pause between them, so an
/// operator watching a demo or a test can stop the agent mid-stream. Tickets an operator releases from Firebreak's
/// held list (<paramref name="released"/>) run between queue tickets, and, when following, after them until stopped.
/// </summary>
public sealed class TicketProcessor(ITicketRunner runner, Desk.DeskClient desk, TimeProvider time, TextWriter log, IAsyncEnumerable<ReleasedTicket>? released = null)
{
    /// <summary>A processor that runs <paramref name="agent"/> unguarded.</summary>
    public TicketProcessor(SupportAgent agent, Desk.DeskClient desk, TimeProvider time, TextWriter log)
        : this(new AgentTicketRunner(agent), desk, time, log)
    {
    }

    /// <summary>Processes up to <paramref name="tickets"/> tickets, fewer when the queue runs dry or the agent is killed.</summary>
    /// <returns>How many tickets were taken from the queue.</returns>
    public Task<int> ProcessAsync(int tickets, TimeSpan delay, CancellationToken cancellationToken) =>
        ProcessAsync(tickets, delay, follow: false, cancellationToken);

    /// <summary>
    /// Processes up to <paramref name="tickets"/> tickets, fewer when the queue runs dry or the agent is killed, with
    /// released tickets in between; with <paramref name="follow"/>, then keeps running released tickets until
    /// <paramref name="cancellationToken"/> stops it or the agent is killed.
    /// </summary>
    /// <returns>How many tickets were taken from the queue.</returns>
    public async Task<int> ProcessAsync(int tickets, TimeSpan delay, bool follow, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tickets);
        var waiting = Channel.CreateUnbounded<ReleasedTicket>(new UnboundedChannelOptions { SingleWriter = true, SingleReader = true });
        using var stopReleases = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var releases = released is null ? Task.CompletedTask : ReceiveReleasedAsync(released, waiting.Writer, stopReleases.Token);
        try
        {
            var taken = await ProcessQueueAsync(tickets, delay, waiting.Reader, cancellationToken).ConfigureAwait(false);
            if (taken.Killed || !follow)
            {
                return taken.Count;
            }

            await log.WriteLineAsync("following: waiting for released tickets").ConfigureAwait(false);
            while (await waiting.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await RunReleasedAsync(waiting.Reader, cancellationToken).ConfigureAwait(false))
                {
                    return taken.Count;
                }
            }

            return taken.Count;
        }
        finally
        {
            await stopReleases.CancelAsync().ConfigureAwait(false);
            await releases.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<(int Count, bool Killed)> ProcessQueueAsync(int tickets, TimeSpan delay, ChannelReader<ReleasedTicket> waiting, CancellationToken cancellationToken)
    {
        for (var processed = 0; processed < tickets; processed++)
        {
            if (processed > 0 && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }

            if (await RunReleasedAsync(waiting, cancellationToken).ConfigureAwait(false))
            {
                return (processed, true);
            }

            var ticket = await desk.NextTicketAsync(cancellationToken).ConfigureAwait(false);
            if (ticket is null)
            {
                await log.WriteLineAsync($"queue empty after {processed} ticket(s)").ConfigureAwait(false);
                return (processed, false);
            }

            if (await RunAsync(ticket, $"run-{Guid.NewGuid():N}", string.Empty, cancellationToken).ConfigureAwait(false))
            {
                // A killed agent takes no more work: the tickets left stay in the queue for whoever handles them next.
                await log.WriteLineAsync($"killed by Firebreak after {processed + 1} ticket(s); stopping").ConfigureAwait(false);
                return (processed + 1, true);
            }
        }

        return (tickets, false);
    }

    /// <summary>Runs the released tickets waiting now.</summary>
    /// <returns>Whether the agent was killed.</returns>
    private async Task<bool> RunReleasedAsync(ChannelReader<ReleasedTicket> waiting, CancellationToken cancellationToken)
    {
        while (waiting.TryRead(out var item))
        {
            if (await RunAsync(item.Ticket, item.CorrelationId ?? $"run-{Guid.NewGuid():N}", $"released {item.HeldItemId} ", cancellationToken).ConfigureAwait(false))
            {
                await log.WriteLineAsync($"killed by Firebreak during released ticket {item.Ticket.Id}; stopping").ConfigureAwait(false);
                return true;
            }
        }

        return false;
    }

    /// <returns>Whether the agent was killed.</returns>
    private async Task<bool> RunAsync(Desk.DeskTicket ticket, string correlationId, string prefix, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var result = await runner.RunAsync(ticket, correlationId, cancellationToken).ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
        var outcome = result.Outcome == TicketRunOutcome.Completed ? string.Empty : $"{result.Outcome.ToString().ToLowerInvariant()}: ";
        await log.WriteLineAsync($"{prefix}ticket={ticket.Id} run={correlationId} ms={elapsed} {outcome}{result.Text}").ConfigureAwait(false);
        return result.Outcome == TicketRunOutcome.Killed;
    }

    // Claims each released ticket as it arrives on the control stream, so the loops above run it at their next turn.
    private static async Task ReceiveReleasedAsync(IAsyncEnumerable<ReleasedTicket> source, ChannelWriter<ReleasedTicket> waiting, CancellationToken cancellationToken)
    {
        await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            waiting.TryWrite(item);
        }
    }
}
