using System.Diagnostics.Metrics;
using Firebreak.Detection;
using Firebreak.Incidents;

namespace Firebreak.Server.Detection;

/// <summary>
/// The <c>Firebreak.Detection</c> meter: detector findings and new alerts per failure class, detector and agent, so each
/// failure class has its dashboard (rates are the counters' rates).
/// </summary>
internal sealed class DetectionInstruments : IDisposable
{
    public const string MeterName = "Firebreak.Detection";

    private readonly Meter _meter;
    private readonly Counter<long> _findings;
    private readonly Counter<long> _alerts;

    public DetectionInstruments(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _findings = _meter.CreateCounter<long>("firebreak.detection.findings", "{finding}", "Times a detector fired, repeats included.");
        _alerts = _meter.CreateCounter<long>("firebreak.detection.alerts", "{alert}", "New alerts raised, after deduplication.");
    }

    public void Fired(DetectorFinding finding) =>
        _findings.Add(
            1,
            new("failure_class", FailureClassNames.Format(finding.Definition.FailureClass)),
            new("detector", finding.Definition.Name),
            new("agent", finding.AgentId));

    public void Raised(Alert alert) =>
        _alerts.Add(
            1,
            new("failure_class", FailureClassNames.Format(alert.FailureClass)),
            new("detector", alert.Detector),
            new("agent", alert.AgentId),
            new("severity", SeverityNames.ToSevName(alert.Severity)));

    public void Dispose() => _meter.Dispose();
}
