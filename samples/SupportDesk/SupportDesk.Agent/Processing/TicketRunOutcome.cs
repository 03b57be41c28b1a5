namespace SupportDesk.Agent.Processing;

/// <summary>What became of one ticket's run.</summary>
public enum TicketRunOutcome
{
    /// <summary>The agent handled the ticket.</summary>
    Completed,

    /// <summary>Firebreak held the ticket for human review (the agent is paused); the next ticket is taken.</summary>
    Held,

    /// <summary>Firebreak served the agent's fallback instead of running it.</summary>
    Fallback,

    /// <summary>Firebreak killed the agent, before or during the run; no further ticket is taken.</summary>
    Killed,
}
