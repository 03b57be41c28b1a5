namespace Firebreak.Guardrails;

/// <summary>Where <see cref="PiiScanner"/> found personal data in a text.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Index">Where it starts.</param>
/// <param name="Length">How many characters it covers.</param>
public readonly record struct PiiMatch(PiiKind Kind, int Index, int Length);
