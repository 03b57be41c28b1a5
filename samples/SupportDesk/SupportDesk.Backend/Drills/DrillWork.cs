namespace SupportDesk.Backend.Drills;

/// <summary>What a game day queued: the tickets, in queue order.</summary>
public sealed record DrillWork(string Prefix, int Queued, IReadOnlyList<string> TicketIds);
