using System.Text.Json;

namespace Firebreak.Server.Held;

/// <summary>An enforcement point's request to hold a run's input while its agent is paused.</summary>
public sealed record HoldRequest(string AgentId, JsonElement Input, string Reason, string? CorrelationId = null);
