namespace SupportDesk.Backend.Memory;

/// <summary>A knowledge source and whether it is quarantined.</summary>
public sealed record KnowledgeSource(string Source, bool Quarantined);
