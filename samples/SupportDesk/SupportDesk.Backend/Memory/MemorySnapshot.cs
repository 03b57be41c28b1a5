namespace SupportDesk.Backend.Memory;

/// <summary>
/// What the agent remembers now, the purges that took effect, the quarantined knowledge sources, and how many purge and
/// quarantine calls arrived (a retried purge is a call without an effect).
/// </summary>
public sealed record MemorySnapshot(IReadOnlyList<MemoryEntry> Entries, int Purges, IReadOnlyList<string> QuarantinedSources, int PurgeCalls, int QuarantineCalls);
