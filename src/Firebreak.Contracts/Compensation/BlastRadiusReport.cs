using Firebreak.Ledger;

namespace Firebreak.Compensation;

/// <summary>The blast radius of a selection with one page of its actions, oldest first.</summary>
/// <param name="Summary">Counts, entities, money and window over the whole selection.</param>
/// <param name="Actions">This page of actions, in ledger order.</param>
/// <param name="Next">The <c>after</c> value for the next page; <see langword="null"/> on the last page.</param>
public sealed record BlastRadiusReport(BlastRadius Summary, IReadOnlyList<ActionRecord> Actions, long? Next);
