namespace SupportDesk.Backend.Memory;

/// <summary>What the agent remembers now, the purges that took effect and the quarantined knowledge sources.</summary>
public sealed record MemorySnapshot(IReadOnlyList<MemoryEntry> Entries, int Purges, IReadOnlyList<string> QuarantinedSources);
