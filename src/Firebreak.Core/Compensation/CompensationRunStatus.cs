namespace Firebreak.Compensation;

/// <summary>A compensation run's life: planned (a dry run to review), approved by an operator, executing, completed.</summary>
public enum CompensationRunStatus
{
    Planned,
    Approved,
    Executing,
    Completed,
}
