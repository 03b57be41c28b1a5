using Firebreak.Ledger;

namespace Firebreak.Compensation;

/// <summary>
/// A compensation the server hands to a process of the agent that registered an in-process compensator for its tool.
/// The compensator must honour <paramref name="CompensationKey"/>: a second delivery of the same item (a retry, another
/// process of the agent) carries the same key and must have no second effect.
/// </summary>
/// <param name="ActionSeq">The compensated action's ledger sequence number; reports name the item by it.</param>
/// <param name="RunId">The compensation run.</param>
/// <param name="CompensationKey">The derived idempotency key.</param>
/// <param name="Attempts">Deliveries so far, this one included.</param>
/// <param name="Action">The original action.</param>
public sealed record DispatchedCompensation(long ActionSeq, string RunId, string CompensationKey, int Attempts, ActionRecord Action);
