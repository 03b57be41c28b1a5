namespace Firebreak.Compensation;

/// <summary>An action whose entity did not read back as compensated.</summary>
public sealed record IntegrityMismatch(long ActionSeq, string Tool, IReadOnlyList<string> Entities, string Detail);
