using Firebreak.Detection;

namespace Firebreak.Server.Detection;

/// <summary>Which alerts to list: filters combine; newest first.</summary>
internal sealed record AlertQuery(string? AgentId = null, AlertStatus? Status = null, DateTimeOffset? Since = null, int Limit = 50);
