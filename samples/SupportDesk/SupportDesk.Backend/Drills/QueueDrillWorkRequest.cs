namespace SupportDesk.Backend.Drills;

/// <summary>Work a game day queues: <see cref="Count"/> tickets, each about an order named <c>&lt;prefix&gt;-&lt;i&gt;</c>.</summary>
public sealed record QueueDrillWorkRequest(string? Prefix, int Count);
