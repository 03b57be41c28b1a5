namespace Firebreak.Compensation;

/// <summary>What a compensation hook does to an agent's memory or retrieval.</summary>
public enum CompensationHookKind
{
    /// <summary>Removes the memory the agent wrote in the run's window.</summary>
    MemoryPurge,

    /// <summary>Stops the agent retrieving from one knowledge source.</summary>
    KnowledgeQuarantine,
}
