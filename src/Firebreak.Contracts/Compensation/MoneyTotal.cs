namespace Firebreak.Compensation;

/// <summary>The exact sum of the selected actions' amounts in one currency, and how many actions carried one.</summary>
public sealed record MoneyTotal(string Currency, decimal Amount, long Actions);
