namespace Firebreak.Compensation;

/// <summary>Moves a mitigation task on, or hands it to another owner.</summary>
public sealed record MitigationUpdateRequest(MitigationStatus? Status = null, string? Owner = null);
