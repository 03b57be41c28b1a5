namespace Firebreak.Compensation;

/// <summary>A mitigation task's status.</summary>
public enum MitigationStatus
{
    Open,
    InProgress,
    Done,
    WontDo,
}
