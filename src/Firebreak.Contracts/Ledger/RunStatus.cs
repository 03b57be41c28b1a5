namespace Firebreak.Ledger;

public enum RunStatus
{
    Running,
    Completed,
    Failed,
    Killed,
    Held,
}
