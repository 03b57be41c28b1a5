using System.Text.Json.Serialization;

namespace Firebreak.Incidents;

/// <summary>
/// Why an agent failed, from the failure taxonomy. Written in kebab-case (<c>tool-misuse</c>) in JSON, in the API and on the
/// command line. The member names win over <see cref="Serialization.FirebreakJson"/>'s snake_case enum policy, and the
/// converter on the type gives the same names with default serializer options; <see cref="FailureClassNames"/> parses and formats.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailureClass>))]
public enum FailureClass
{
    /// <summary>The agent chose the wrong plan or workflow for a valid request.</summary>
    [JsonStringEnumMemberName("intent-misclassification")]
    IntentMisclassification,

    /// <summary>The agent called a tool with invalid or risky arguments, or called the wrong tool.</summary>
    [JsonStringEnumMemberName("tool-misuse")]
    ToolMisuse,

    /// <summary>Relevant context was lost, stale or contradictory.</summary>
    [JsonStringEnumMemberName("context-drift")]
    ContextDrift,

    /// <summary>Guardrails failed to block an unsafe instruction or action (prompt injection, sensitive endpoints).</summary>
    [JsonStringEnumMemberName("policy-bypass")]
    PolicyBypass,

    /// <summary>Token, tool or latency costs grew faster than the value delivered.</summary>
    [JsonStringEnumMemberName("cost-runaway")]
    CostRunaway,

    /// <summary>None of the above.</summary>
    [JsonStringEnumMemberName("other")]
    Other,
}
