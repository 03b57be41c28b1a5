namespace Firebreak.Regression;

/// <summary>Captures a regression case from a run in the ledger (<c>firebreak regression create --from-run &lt;id&gt;</c>).</summary>
/// <param name="FromRunId">The run, typically the incident's first bad run.</param>
/// <param name="Assertions">What every release must satisfy on this run; at least one.</param>
/// <param name="Name">A short name; the run id when <see langword="null"/>.</param>
/// <param name="IncidentId">The incident the case comes from; its capture lands on the timeline.</param>
/// <param name="Negative">
/// Capture the run as an example of what must NOT recur (allowed on a toxic run): each recorded call that moved money,
/// or each recorded call of <paramref name="NegativeTools"/>, becomes a <see cref="AssertionKind.MustNotCallWith"/>
/// assertion, added to <paramref name="Assertions"/> (which may then be empty).
/// </param>
/// <param name="NegativeTools">The tools whose recorded calls a negative case forbids; the calls with an amount when omitted.</param>
public sealed record CreateRegressionCaseRequest(
    string FromRunId,
    IReadOnlyList<RegressionAssertion> Assertions,
    string? Name = null,
    string? IncidentId = null,
    bool? Negative = null,
    IReadOnlyList<string>? NegativeTools = null);
