using SupportDesk.Agent.Desk;

namespace SupportDesk.Agent.Processing;

/// <summary>The unguarded runner: every ticket runs, as the sample does without <c>--firebreak</c>.</summary>
public sealed class AgentTicketRunner(SupportAgent agent) : ITicketRunner
{
    public async Task<TicketRunResult> RunAsync(DeskTicket ticket, string correlationId, CancellationToken cancellationToken) =>
        new(TicketRunOutcome.Completed, await agent.RunAsync(ticket, correlationId, cancellationToken).ConfigureAwait(false));
}
