namespace Firebreak.Compensation;

/// <summary>
/// Where one action's compensation stands. Each move is stored before the next step: <c>started</c> is committed before
/// the compensator is called, <c>done</c> or <c>failed</c> after it answers, so a runner that dies in between calls again
/// with the same idempotency key on restart.
/// </summary>
public enum CompensationItemState
{
    Planned,
    Started,
    Done,
    Failed,
    Skipped,
}
