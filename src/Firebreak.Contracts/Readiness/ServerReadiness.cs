namespace Firebreak.Readiness;

/// <summary>The server's side of the readiness checklist (<c>GET /api/v1/readiness/server</c>).</summary>
/// <param name="RetentionDays">How many days the server keeps decision traces before pruning them.</param>
public sealed record ServerReadiness(int RetentionDays);
