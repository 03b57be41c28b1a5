using System.Text.Json.Serialization;

namespace Firebreak.Detection;

/// <summary>What an <c>amount-rate</c> or <c>run-budget</c> detector adds up. Written in kebab-case in the registry.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DetectorMeasure>))]
public enum DetectorMeasure
{
    /// <summary>The calls' amounts (<c>amount-rate</c>).</summary>
    [JsonStringEnumMemberName("amount")]
    Amount,

    /// <summary>The number of calls (<c>amount-rate</c>).</summary>
    [JsonStringEnumMemberName("count")]
    Count,

    /// <summary>The number of calls per run started in the window (<c>amount-rate</c>), whatever the agent's pace.</summary>
    [JsonStringEnumMemberName("per-run")]
    PerRun,

    /// <summary>Input plus output tokens of the run's <c>model_call</c> steps (<c>run-budget</c>).</summary>
    [JsonStringEnumMemberName("tokens")]
    Tokens,

    /// <summary>The run's <c>model_call</c> steps (<c>run-budget</c>).</summary>
    [JsonStringEnumMemberName("model-calls")]
    ModelCalls,

    /// <summary>All the run's steps (<c>run-budget</c>).</summary>
    [JsonStringEnumMemberName("steps")]
    Steps,
}
