namespace SupportDesk.Backend.Memory;

/// <summary>A purge as it took effect; a retry with the same idempotency key answers this record again.</summary>
public sealed record MemoryPurge(string Key, DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<string> PurgedIds, DateTimeOffset PurgedAt);
