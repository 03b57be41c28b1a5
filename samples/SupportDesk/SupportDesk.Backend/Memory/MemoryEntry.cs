namespace SupportDesk.Backend.Memory;

/// <summary>One thing the agent remembered, and when it wrote it.</summary>
public sealed record MemoryEntry(string Id, string Text, string? CorrelationId, DateTimeOffset WrittenAt);
