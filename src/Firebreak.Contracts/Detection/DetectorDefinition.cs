using System.Text.Json.Serialization;
using Firebreak.Incidents;

namespace Firebreak.Detection;

/// <summary>A detector declared for an agent in the registry.</summary>
/// <param name="Name">A slug, unique within the agent; alerts and the timeline name the detector by it.</param>
/// <param name="Kind">What it watches; the kind implies the <see cref="FailureClass"/>.</param>
/// <param name="Threshold">The limit the watched value must go over, read as <see cref="DetectorKind"/> describes for the kind; zero or more.</param>
/// <param name="Severity">The severity of its alerts and of the incident it declares.</param>
/// <param name="WindowSeconds">The sliding window, in seconds, over which it counts and within which its alerts are deduplicated.</param>
/// <param name="Tool">The tool it watches; <see langword="null"/> for every tool where the kind allows it.</param>
/// <param name="Baseline">Normal traffic for the kinds measured against a baseline (<c>tool-call-rate</c>, <c>latency</c>, <c>tool-mix-shift</c>).</param>
/// <param name="MinSamples">How many calls the rate, share and percentile kinds need in the window before they judge.</param>
/// <param name="Measure">What <c>amount-rate</c> (default <c>amount</c>) and <c>run-budget</c> (default <c>tokens</c>) add up.</param>
/// <param name="EntityType">The entity type <c>repeat-customer</c> counts per entity; <c>customer</c> by default.</param>
/// <param name="StrictFactor">What the threshold is multiplied by while the agent is in strict mode; between 0 and 1.</param>
/// <param name="DeclareIncident">Whether a new alert declares an incident, or joins the agent's open incident of the same failure class.</param>
public sealed record DetectorDefinition(
    string Name,
    DetectorKind Kind,
    decimal Threshold,
    Severity Severity = Severity.Sev3,
    double WindowSeconds = 60,
    string? Tool = null,
    decimal? Baseline = null,
    int MinSamples = 1,
    DetectorMeasure? Measure = null,
    string? EntityType = null,
    decimal StrictFactor = 0.5m,
    bool DeclareIncident = false)
{
    /// <summary>The failure class the kind watches for.</summary>
    [JsonIgnore]
    public FailureClass FailureClass => DetectorKinds.FailureClassOf(Kind);

    [JsonIgnore]
    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    /// <summary>The threshold in force: lowered by <see cref="StrictFactor"/> when <paramref name="strict"/>.</summary>
    public decimal EffectiveThreshold(bool strict) => strict ? Threshold * StrictFactor : Threshold;
}
