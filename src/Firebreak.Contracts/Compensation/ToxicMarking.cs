namespace Firebreak.Compensation;

/// <summary>What a toxic marking did.</summary>
/// <param name="Selected">Runs the selection matched.</param>
/// <param name="Marked">Runs marked now; the rest already carried a mark, which is kept.</param>
public sealed record ToxicMarking(int Selected, int Marked);
