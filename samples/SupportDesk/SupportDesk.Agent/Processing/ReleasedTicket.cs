using SupportDesk.Agent.Desk;

namespace SupportDesk.Agent.Processing;

/// <summary>A ticket Firebreak held (the agent was paused, or handed it to a human) that an operator released back to the agent.</summary>
/// <param name="HeldItemId">The held item it came from.</param>
/// <param name="Ticket">The ticket as it was held.</param>
/// <param name="CorrelationId">The correlation id the held run would have had, reused so the trace joins up.</param>
public sealed record ReleasedTicket(string HeldItemId, DeskTicket Ticket, string? CorrelationId);
