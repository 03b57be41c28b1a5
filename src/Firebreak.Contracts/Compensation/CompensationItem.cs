namespace Firebreak.Compensation;

/// <summary>One selected action and its compensation.</summary>
/// <param name="ActionSeq">The action's ledger sequence number.</param>
/// <param name="AgentId">The agent that acted.</param>
/// <param name="IdempotencyKey">The original action's key.</param>
/// <param name="Tool">The tool called.</param>
/// <param name="Entities">What the action touched.</param>
/// <param name="Amount">The action's amount, if any.</param>
/// <param name="Currency">Its currency.</param>
/// <param name="Kind">HTTP compensator, mitigation or nothing.</param>
/// <param name="Target">The compensator's URL, or the mitigation task's text.</param>
/// <param name="CompensationKey">The idempotency key sent to the compensator.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Attempts">Calls made so far.</param>
/// <param name="Error">The last error, or why it was skipped.</param>
/// <param name="Verified">Whether verification read the expected state back; <see langword="null"/> when not verified.</param>
/// <param name="VerifyDetail">What verification saw when it did not match.</param>
/// <param name="UpdatedAt">When the state last changed.</param>
public sealed record CompensationItem(
    long ActionSeq,
    string AgentId,
    string IdempotencyKey,
    string Tool,
    IReadOnlyList<string> Entities,
    decimal? Amount,
    string? Currency,
    CompensationKind Kind,
    string? Target,
    string CompensationKey,
    CompensationItemState State,
    int Attempts,
    string? Error,
    bool? Verified,
    string? VerifyDetail,
    DateTimeOffset UpdatedAt);
