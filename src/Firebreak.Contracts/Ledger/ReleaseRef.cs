namespace Firebreak.Ledger;

/// <summary>The versions a run executed on: the release id and, where known, its parts.</summary>
public sealed record ReleaseRef(
    string? ReleaseId = null,
    string? AgentVersion = null,
    string? PromptVersion = null,
    string? ModelId = null);
