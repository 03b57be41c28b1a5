using System.Text.Json.Serialization;

namespace Firebreak.Detection;

/// <summary>
/// What a detector watches. Written in kebab-case (<c>amount-rate</c>) in the registry. Every kind compares one value
/// with a limit derived from <see cref="DetectorDefinition.Threshold"/> and fires when the value goes over it; in strict
/// mode the threshold is multiplied by <see cref="DetectorDefinition.StrictFactor"/>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<DetectorKind>))]
public enum DetectorKind
{
    /// <summary>Tool misuse: the share of the tool's completed calls in the window that failed is over the threshold (a fraction), once <c>minSamples</c> calls completed.</summary>
    [JsonStringEnumMemberName("tool-error-rate")]
    ToolErrorRate,

    /// <summary>Tool misuse: the tool's calls in the window are over <c>baseline</c> (calls per window) times the threshold.</summary>
    [JsonStringEnumMemberName("tool-call-rate")]
    ToolCallRate,

    /// <summary>Tool misuse: one run called the same tool with the same arguments more than the threshold times.</summary>
    [JsonStringEnumMemberName("tool-loop")]
    ToolLoop,

    /// <summary>Tool misuse: a call to a tool outside the agent's catalog.</summary>
    [JsonStringEnumMemberName("unknown-tool")]
    UnknownTool,

    /// <summary>Financial anomaly: the tool's recorded calls in the window, summed by <c>measure</c> (<c>amount</c>, <c>count</c>, or <c>per-run</c>: calls per run started, once <c>minSamples</c> runs), are over the threshold.</summary>
    [JsonStringEnumMemberName("amount-rate")]
    AmountRate,

    /// <summary>Financial anomaly: one entity (a customer by default) was the subject of the tool more than the threshold times in the window.</summary>
    [JsonStringEnumMemberName("repeat-customer")]
    RepeatCustomer,

    /// <summary>Financial anomaly: one call's amount is over the threshold.</summary>
    [JsonStringEnumMemberName("amount-cap")]
    AmountCap,

    /// <summary>Cost runaway: one run's tokens, model calls or steps (<c>measure</c>) are over the threshold.</summary>
    [JsonStringEnumMemberName("run-budget")]
    RunBudget,

    /// <summary>Cost runaway: the p95 duration of the tool's calls in the window is over <c>baseline</c> (milliseconds) times the threshold, once <c>minSamples</c> calls completed.</summary>
    [JsonStringEnumMemberName("latency")]
    Latency,

    /// <summary>Context drift: the tool's share of all calls in the window is over <c>baseline</c> (a fraction) plus the threshold, once <c>minSamples</c> calls.</summary>
    [JsonStringEnumMemberName("tool-mix-shift")]
    ToolMixShift,

    /// <summary>Intent misclassification: user reports (<c>feedback</c> steps) in the window are over the threshold.</summary>
    [JsonStringEnumMemberName("feedback")]
    Feedback,

    /// <summary>Policy bypass: guardrail hits (<c>guardrail</c> steps) in the window are over the threshold.</summary>
    [JsonStringEnumMemberName("guardrail-hits")]
    GuardrailHits,
}
