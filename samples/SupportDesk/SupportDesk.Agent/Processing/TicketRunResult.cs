namespace SupportDesk.Agent.Processing;

/// <summary>The outcome of one ticket's run and the text to log for it: the model's answer, or Firebreak's explanation.</summary>
public sealed record TicketRunResult(TicketRunOutcome Outcome, string Text);
