using System.Text.Json;
using System.Text.Json.Nodes;
using Firebreak.Ledger;

namespace Firebreak.Server.Mcp;

/// <summary>What the gateway records a tool call under: its idempotency key and correlation id, from the request's <c>_meta</c> when the client gives them.</summary>
internal readonly record struct McpCallContext(string IdempotencyKey, string? CorrelationId)
{
    /// <summary>The <c>_meta</c> member a client sets to choose the idempotency key, so a retry after a lost response executes once.</summary>
    public const string IdempotencyKeyMeta = "firebreak/idempotencyKey";

    /// <summary>The <c>_meta</c> member of the W3C trace context, per the MCP tracing convention.</summary>
    public const string TraceparentMeta = "traceparent";

    /// <summary>Reads the keys from <paramref name="meta"/>; without a client key, derives one from the session and the JSON-RPC request id, which are unique together.</summary>
    public static McpCallContext From(JsonObject? meta, string? sessionId, string requestId)
    {
        var key = meta?[IdempotencyKeyMeta] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        if (string.IsNullOrWhiteSpace(key) || key.Length > LedgerValidator.MaxIdempotencyKeyLength)
        {
            key = $"mcp:{sessionId ?? "stateless"}:{requestId}";
            if (key.Length > LedgerValidator.MaxIdempotencyKeyLength)
            {
                key = key[..LedgerValidator.MaxIdempotencyKeyLength];
            }
        }

        var traceparent = meta?[TraceparentMeta] is JsonValue trace && trace.GetValueKind() == JsonValueKind.String ? trace.GetValue<string>() : null;
        return new McpCallContext(key, Traceparent.IsValid(traceparent) ? Traceparent.TraceId(traceparent!) : null);
    }
}
