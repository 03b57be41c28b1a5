namespace Firebreak.Compensation;

/// <summary>
/// A compensation run's life: planned (a dry run to review), approved by an operator, executing, completed; or
/// cancelled before approval, which releases the actions it held.
/// </summary>
public enum CompensationRunStatus
{
    Planned,
    Approved,
    Executing,
    Completed,
    Cancelled,
}
