namespace Firebreak.Server.Ledger;

/// <summary>Filters for listing runs, newest first.</summary>
internal sealed record RunQuery(string? AgentId = null, string? CorrelationId = null, DateTimeOffset? Before = null, int Limit = 50);

/// <summary>Filters for listing actions, newest first; <see cref="BeforeSeq"/> pages backwards.</summary>
internal sealed record ActionQuery(string? AgentId = null, string? RunId = null, long? BeforeSeq = null, int Limit = 50);
