using System.Text.Json;
using Firebreak.Guardrails;
using Firebreak.Ledger;
using Firebreak.Similarity;

namespace Firebreak.Server.Similarity;

/// <summary>
/// Feeds a run's ledger entries to a <see cref="RunSignatureBuilder"/>: actions and <c>tool_call</c> steps as tool calls,
/// completions as outcomes, <c>guardrail</c> steps as hits. Entries it cannot read as such add nothing, so a run with
/// odd step data still gets a signature.
/// </summary>
internal static class TraceSignatures
{
    public static void Add(RunSignatureBuilder builder, string kind, JsonElement payload)
    {
        switch (kind)
        {
            case LedgerEntryKinds.Action when String(payload, "tool") is { } tool:
                builder.AddToolCall(
                    tool,
                    payload.TryGetProperty("arguments", out var arguments) ? arguments : null,
                    Enum(payload, "outcome", ActionOutcome.Pending),
                    String(payload, "idempotencyKey"));
                break;
            case LedgerEntryKinds.ActionCompleted when String(payload, "idempotencyKey") is { } key:
                builder.Complete(key, Enum(payload, "outcome", ActionOutcome.Pending));
                break;
            case LedgerEntryKinds.Step:
                AddStep(builder, payload);
                break;
        }
    }

    private static void AddStep(RunSignatureBuilder builder, JsonElement payload)
    {
        var data = payload.TryGetProperty("data", out var value) ? value : (JsonElement?)null;
        switch (String(payload, "kind"))
        {
            case "tool_call":
                builder.AddToolCall(String(payload, "name") ?? "tool", data);
                break;
            case "guardrail" when data is { ValueKind: JsonValueKind.Object } hit && String(hit, "guardrail") is { } guardrail:
                builder.AddGuardrail(guardrail, Enum(hit, "category", GuardrailCategory.Policy), Enum(hit, "verdict", GuardrailAction.Flag));
                break;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static T Enum<T>(JsonElement element, string name, T fallback)
        where T : struct, Enum =>
        String(element, name) is { } text && System.Enum.TryParse<T>(text.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var parsed)
            ? parsed
            : fallback;
}
