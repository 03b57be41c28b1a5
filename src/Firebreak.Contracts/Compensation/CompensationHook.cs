namespace Firebreak.Compensation;

/// <summary>
/// A memory purge or knowledge-source quarantine that a compensation run calls once, through the hook the agent
/// declares in the registry, and records as an action of the agent (tool <see cref="Tool"/>).
/// </summary>
/// <param name="Ordinal">Its place in the run, from 1.</param>
/// <param name="AgentId">The agent whose memory or knowledge it changes.</param>
/// <param name="Kind">Purge or quarantine.</param>
/// <param name="Source">The knowledge source quarantined; <see langword="null"/> for a purge.</param>
/// <param name="Since">The start of the purged window (inclusive); <see langword="null"/> for a quarantine.</param>
/// <param name="Until">The end of the purged window (exclusive); <see langword="null"/> for a quarantine.</param>
/// <param name="Target">The hook's URL as it will be called.</param>
/// <param name="HookKey">The idempotency key sent with the call and used for the ledger action, derived from the run.</param>
/// <param name="State">Where it stands; the same state machine as the run's items.</param>
/// <param name="Attempts">Calls made so far.</param>
/// <param name="Error">The last error.</param>
/// <param name="Verified">Whether verification read the expected state back; <see langword="null"/> when not verified.</param>
/// <param name="VerifyDetail">What verification saw when it did not match.</param>
/// <param name="ActionSeq">The ledger sequence number of the action that records it, once recorded.</param>
/// <param name="UpdatedAt">When the state last changed.</param>
public sealed record CompensationHook(
    int Ordinal,
    string AgentId,
    CompensationHookKind Kind,
    string? Source,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    string Target,
    string HookKey,
    CompensationItemState State,
    int Attempts,
    string? Error,
    bool? Verified,
    string? VerifyDetail,
    long? ActionSeq,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The tool name of a purge in the ledger.</summary>
    public const string MemoryPurgeTool = "firebreak.memory_purge";

    /// <summary>The tool name of a quarantine in the ledger.</summary>
    public const string KnowledgeQuarantineTool = "firebreak.knowledge_quarantine";

    /// <summary>The tool name this hook is recorded under.</summary>
    public string Tool => Kind == CompensationHookKind.MemoryPurge ? MemoryPurgeTool : KnowledgeQuarantineTool;

    /// <summary>What the hook touched, as ledger entity references: <c>memory:agent</c> or <c>knowledge_source:name</c>.</summary>
    public IReadOnlyList<string> Entities => Kind == CompensationHookKind.MemoryPurge ? [$"memory:{AgentId}"] : [$"knowledge_source:{Source}"];
}
