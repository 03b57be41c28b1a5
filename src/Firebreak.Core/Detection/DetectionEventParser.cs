using System.Text.Json;
using Firebreak.Ledger;

namespace Firebreak.Detection;

/// <summary>
/// Reads a ledger entry's canonical payload into a <see cref="DetectionEvent"/>. Step kinds are kept by their JSON name,
/// so a kind added later (such as <c>guardrail</c>) reaches the detectors without this code knowing it.
/// </summary>
internal static class DetectionEventParser
{
    /// <summary>The event for <paramref name="entry"/>, or <see langword="null"/> for entries detectors do not read (control changes, incidents, ...) and entries without an agent.</summary>
    public static DetectionEvent? Parse(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var kind = entry.Kind switch
        {
            LedgerEntryKinds.RunStarted => DetectionEventKind.RunStarted,
            LedgerEntryKinds.Step => DetectionEventKind.Step,
            LedgerEntryKinds.Action => DetectionEventKind.Action,
            LedgerEntryKinds.ActionCompleted => DetectionEventKind.ActionCompleted,
            LedgerEntryKinds.RunEnded => DetectionEventKind.RunEnded,
            _ => (DetectionEventKind?)null,
        };
        if (kind is not { } known || entry.AgentId is not { } agentId)
        {
            return null;
        }

        using var document = JsonDocument.Parse(entry.Payload);
        var payload = document.RootElement;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(entry.RecordedAtMs);
        var basic = new DetectionEvent(entry.Seq, known, at, agentId, entry.RunId);
        return known switch
        {
            DetectionEventKind.RunStarted => basic with { CorrelationId = String(payload, "correlationId") },
            DetectionEventKind.Step => Step(basic, payload),
            DetectionEventKind.Action => basic with
            {
                ActionSeq = entry.Seq,
                CorrelationId = String(payload, "correlationId"),
                Tool = String(payload, "tool"),
                IdempotencyKey = String(payload, "idempotencyKey"),
                ArgumentsDigest = String(payload, "argumentsDigest"),
                Outcome = Outcome(payload),
                Amount = payload.TryGetProperty("amount", out var amount) && amount.ValueKind == JsonValueKind.Number ? amount.GetDecimal() : null,
                Entities = payload.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Array
                    ? [.. entities.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
                    : [],
                DurationMs = Long(payload, "durationMs"),
            },
            DetectionEventKind.ActionCompleted => basic with
            {
                IdempotencyKey = String(payload, "idempotencyKey"),
                Outcome = Outcome(payload),
                DurationMs = Long(payload, "durationMs"),
            },
            _ => basic,
        };
    }

    private static DetectionEvent Step(DetectionEvent basic, JsonElement payload)
    {
        var stepKind = String(payload, "kind");
        var tokens = 0L;
        if (stepKind == "model_call" && payload.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            tokens = (Long(data, "inputTokens") ?? 0) + (Long(data, "outputTokens") ?? 0);
        }

        return basic with { StepKind = stepKind, StepName = String(payload, "name"), Tokens = tokens };
    }

    private static ActionOutcome? Outcome(JsonElement payload) =>
        String(payload, "outcome") is { } name && Enum.TryParse<ActionOutcome>(name.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var outcome)
            ? outcome
            : null;

    private static string? String(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Long(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
}
