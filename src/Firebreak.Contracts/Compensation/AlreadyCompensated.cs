namespace Firebreak.Compensation;

/// <summary>A selected action that another run already holds, so this run leaves it alone.</summary>
public sealed record AlreadyCompensated(long ActionSeq, string IdempotencyKey, string Tool, string RunId, CompensationItemState State);
