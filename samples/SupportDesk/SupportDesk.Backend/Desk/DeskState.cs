namespace SupportDesk.Backend.Desk;

/// <summary>Everything the desk knows, persisted whole as one JSON document; only <see cref="DeskStore"/> touches it, under its lock.</summary>
public sealed class DeskState
{
    public Dictionary<string, Order> Orders { get; init; } = [];

    public Dictionary<string, Refund> Refunds { get; init; } = [];

    public Dictionary<string, Reversal> Reversals { get; init; } = [];

    public List<Email> Outbox { get; init; } = [];

    public Dictionary<string, Ticket> Tickets { get; init; } = [];

    /// <summary>Ids of tickets not yet handed out, oldest first.</summary>
    public List<string> Queue { get; init; } = [];

    /// <summary>Keyed by scope and idempotency key, so a key reused on another endpoint is a different request.</summary>
    public Dictionary<string, IdempotencyRecord> Idempotency { get; init; } = [];

    public DeskCounters Counters { get; init; } = new();

    /// <summary>The last number used per id prefix, persisted so ids are never reused after a restart.</summary>
    public Dictionary<string, long> Sequences { get; init; } = [];
}
