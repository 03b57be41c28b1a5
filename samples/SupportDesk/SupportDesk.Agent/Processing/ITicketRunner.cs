using SupportDesk.Agent.Desk;

namespace SupportDesk.Agent.Processing;

/// <summary>Runs the agent on one ticket: directly, or under a Firebreak guard that may hold, divert or refuse the run.</summary>
public interface ITicketRunner
{
    /// <summary>Handles <paramref name="ticket"/> as one run whose side effects carry <paramref name="correlationId"/>.</summary>
    Task<TicketRunResult> RunAsync(DeskTicket ticket, string correlationId, CancellationToken cancellationToken);
}
