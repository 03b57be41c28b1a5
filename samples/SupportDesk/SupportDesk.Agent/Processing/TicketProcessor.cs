using System.Globalization;

namespace SupportDesk.Agent.Processing;

/// <summary>
/// Pulls tickets from the backend queue and runs the agent on each, one at a time with a pause between them, so an
/// operator watching a demo or a test can stop the agent mid-stream.
/// </summary>
public sealed class TicketProcessor(ITicketRunner runner, Desk.DeskClient desk, TimeProvider time, TextWriter log)
{
    /// <summary>A processor that runs <paramref name="agent"/> unguarded.</summary>
    public TicketProcessor(SupportAgent agent, Desk.DeskClient desk, TimeProvider time, TextWriter log)
        : this(new AgentTicketRunner(agent), desk, time, log)
    {
    }

    /// <summary>Processes up to <paramref name="tickets"/> tickets, fewer when the queue runs dry or the agent is killed.</summary>
    /// <returns>How many tickets were taken from the queue.</returns>
    public async Task<int> ProcessAsync(int tickets, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tickets);
        for (var processed = 0; processed < tickets; processed++)
        {
            if (processed > 0 && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }

            var ticket = await desk.NextTicketAsync(cancellationToken).ConfigureAwait(false);
            if (ticket is null)
            {
                await log.WriteLineAsync($"queue empty after {processed} ticket(s)").ConfigureAwait(false);
                return processed;
            }

            var correlationId = $"run-{Guid.NewGuid():N}";
            var started = time.GetTimestamp();
            var result = await runner.RunAsync(ticket, correlationId, cancellationToken).ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
            var outcome = result.Outcome == TicketRunOutcome.Completed ? string.Empty : $"{result.Outcome.ToString().ToLowerInvariant()}: ";
            await log.WriteLineAsync($"ticket={ticket.Id} run={correlationId} ms={elapsed} {outcome}{result.Text}").ConfigureAwait(false);
            if (result.Outcome == TicketRunOutcome.Killed)
            {
                // A killed agent takes no more work: the tickets left stay in the queue for whoever handles them next.
                await log.WriteLineAsync($"killed by Firebreak after {processed + 1} ticket(s); stopping").ConfigureAwait(false);
                return processed + 1;
            }
        }

        return tickets;
    }
}
