using Firebreak.Client;
using SupportDesk.Agent.Desk;

namespace SupportDesk.Agent.Guarding;

/// <summary>The run and ticket the current tool calls act for.</summary>
public sealed record ActiveTicket(FirebreakRunContext Run, DeskTicket Ticket);
