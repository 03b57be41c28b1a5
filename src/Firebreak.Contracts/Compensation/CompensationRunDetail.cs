namespace Firebreak.Compensation;

/// <summary>
/// A run with every item (the dry run before approval), the actions other runs already hold, the failed list, the
/// integrity report, and the memory purges and knowledge quarantines it calls.
/// </summary>
public sealed record CompensationRunDetail(
    CompensationRun Run,
    IReadOnlyList<CompensationItem> Items,
    IReadOnlyList<AlreadyCompensated> AlreadyCompensated,
    IReadOnlyList<CompensationItem> Failed,
    IntegrityReport Integrity,
    IReadOnlyList<CompensationHook> Hooks);
