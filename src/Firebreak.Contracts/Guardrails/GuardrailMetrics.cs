using System.Diagnostics.Metrics;

namespace Firebreak.Guardrails;

/// <summary>
/// The names both enforcement points use for the guardrail hit counter, so one dashboard covers the SDK guard and the
/// MCP gateway: meter <c>Firebreak.Guardrails</c>, counter <c>firebreak.guardrails.hits</c> with tags <c>agent</c>,
/// <c>guardrail</c>, <c>category</c>, <c>verdict</c>, <c>stage</c>, <c>strict</c> and <c>point</c> (<c>sdk</c> or <c>mcp_gateway</c>).
/// </summary>
public static class GuardrailMetrics
{
    public const string MeterName = "Firebreak.Guardrails";

    public const string HitsCounter = "firebreak.guardrails.hits";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>
    /// The one counter of guardrail hits every enforcement point in the process adds to (the SDK guard, the MCP gateway,
    /// the decisions endpoint), tagged with <see cref="Tags"/>.
    /// </summary>
    public static Counter<long> Hits { get; } =
        Meter.CreateCounter<long>(HitsCounter, "{hit}", "Guardrail hits by agent, guardrail, category, verdict and stage.");

    /// <summary>The tags of one hit, for <c>Counter&lt;long&gt;.Add</c>.</summary>
    public static KeyValuePair<string, object?>[] Tags(string agentId, GuardrailHit hit, string point)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return
        [
            new("agent", agentId),
            new("guardrail", hit.Guardrail),
            new("category", Name(hit.Category)),
            new("verdict", Name(hit.Verdict)),
            new("stage", Name(hit.Stage)),
            new("strict", hit.Strict),
            new("point", point),
        ];
    }

    private static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
