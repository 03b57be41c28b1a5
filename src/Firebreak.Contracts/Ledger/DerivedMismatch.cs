namespace Firebreak.Ledger;

/// <summary>A derived-table row that disagrees with the ledger entries it was written from.</summary>
/// <param name="Table">The table and column, e.g. <c>actions.outcome</c>.</param>
/// <param name="Id">The row's id (an action's sequence number, a run id).</param>
/// <param name="Stored">What the table holds (null when the row is missing).</param>
/// <param name="Ledger">What the ledger says (null when the ledger has no such entry).</param>
public sealed record DerivedMismatch(string Table, string Id, string? Stored, string? Ledger);
