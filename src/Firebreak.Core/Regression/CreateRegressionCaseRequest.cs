namespace Firebreak.Regression;

/// <summary>Captures a regression case from a run in the ledger (<c>firebreak regression create --from-run &lt;id&gt;</c>).</summary>
/// <param name="FromRunId">The run, typically the incident's first bad run.</param>
/// <param name="Assertions">What every release must satisfy on this run; at least one.</param>
/// <param name="Name">A short name; the run id when <see langword="null"/>.</param>
/// <param name="IncidentId">The incident the case comes from; its capture lands on the timeline.</param>
public sealed record CreateRegressionCaseRequest(
    string FromRunId,
    IReadOnlyList<RegressionAssertion> Assertions,
    string? Name = null,
    string? IncidentId = null);
