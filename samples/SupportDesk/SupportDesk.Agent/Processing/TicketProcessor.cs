using System.Globalization;

namespace SupportDesk.Agent.Processing;

/// <summary>
/// Pulls tickets from the backend queue and runs the agent on each, one at a time with a pause between them, so an
/// operator watching a demo or a test can stop the agent mid-stream.
/// </summary>
public sealed class TicketProcessor(SupportAgent agent, Desk.DeskClient desk, TimeProvider time, TextWriter log)
{
    /// <summary>Processes up to <paramref name="tickets"/> tickets, fewer when the queue runs dry.</summary>
    /// <returns>How many tickets were processed.</returns>
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
            var answer = await agent.RunAsync(ticket, correlationId, cancellationToken).ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(started).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);
            await log.WriteLineAsync($"ticket={ticket.Id} run={correlationId} ms={elapsed} {answer}").ConfigureAwait(false);
        }

        return tickets;
    }
}
