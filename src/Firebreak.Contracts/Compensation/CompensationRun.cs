namespace Firebreak.Compensation;

/// <summary>A compensation run as stored, with its progress.</summary>
/// <param name="Id">The run's id, <c>cmp_...</c>.</param>
/// <param name="Selection">The blast-radius selection it was planned from, resolved.</param>
/// <param name="IncidentId">The incident whose timeline records it, if any.</param>
/// <param name="Status">Where the run stands.</param>
/// <param name="MaxConcurrency">Compensator calls in flight at once.</param>
/// <param name="RatePerSecond">Compensator calls started per second.</param>
/// <param name="CreatedBy">Who planned it.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="ApprovedBy">The operator who approved it.</param>
/// <param name="ApprovedAt">When.</param>
/// <param name="StartedAt">When execution began.</param>
/// <param name="FinishedAt">When every item reached an end state.</param>
/// <param name="Progress">Items and hooks per state.</param>
/// <param name="CancelledBy">The operator who cancelled it before approval; its finish time is when.</param>
public sealed record CompensationRun(
    string Id,
    BlastRadiusSelection Selection,
    string? IncidentId,
    CompensationRunStatus Status,
    int MaxConcurrency,
    int RatePerSecond,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    CompensationProgress Progress,
    string? CancelledBy = null);
