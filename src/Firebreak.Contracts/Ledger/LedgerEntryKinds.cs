namespace Firebreak.Ledger;

/// <summary>The kinds of ledger entry.</summary>
public static class LedgerEntryKinds
{
    public const string RunStarted = "run_started";
    public const string Step = "step";
    public const string Action = "action";
    public const string ActionCompleted = "action_completed";
    public const string RunEnded = "run_ended";

    /// <summary>A containment change; its run id is null, its agent id is set when the change reaches one agent.</summary>
    public const string ControlChange = "control_change";

    /// <summary>A run marked toxic; its run id is the marked run, its agent id is null (an operator marks it).</summary>
    public const string ToxicMark = "toxic_mark";
}
