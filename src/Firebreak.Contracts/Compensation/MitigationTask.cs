namespace Firebreak.Compensation;

/// <summary>A tracked task for people, created for each action of a tool with no inverse.</summary>
public sealed record MitigationTask(
    string Id,
    string RunId,
    long ActionSeq,
    string AgentId,
    string Tool,
    IReadOnlyList<string> Entities,
    string Task,
    string Owner,
    MitigationStatus Status,
    string? IncidentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string UpdatedBy);
