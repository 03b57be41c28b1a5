namespace Firebreak.GameDays;

/// <summary>The money the wrong actions moved in one currency.</summary>
public sealed record WrongAmount(string Currency, decimal Amount);
