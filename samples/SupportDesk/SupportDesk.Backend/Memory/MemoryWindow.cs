namespace SupportDesk.Backend.Memory;

/// <summary>The entries still remembered from a window; after its purge, <see cref="Count"/> is 0.</summary>
public sealed record MemoryWindow(DateTimeOffset Since, DateTimeOffset Until, int Count, IReadOnlyList<MemoryEntry> Entries);
