namespace Firebreak.Detection;

/// <summary>The ledger entries detectors read.</summary>
public enum DetectionEventKind
{
    RunStarted,
    Step,
    Action,
    ActionCompleted,
    RunEnded,
}
