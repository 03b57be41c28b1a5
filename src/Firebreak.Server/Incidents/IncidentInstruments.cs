using System.Diagnostics.Metrics;
using Firebreak.Incidents;

namespace Firebreak.Server.Incidents;

/// <summary>The <c>Firebreak.Incidents</c> meter: incidents declared by severity and failure class, and time to resolve.</summary>
internal sealed class IncidentInstruments : IDisposable
{
    public const string MeterName = "Firebreak.Incidents";

    private readonly Meter _meter;
    private readonly Counter<long> _declared;
    private readonly Histogram<double> _timeToResolve;

    public IncidentInstruments(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _declared = _meter.CreateCounter<long>("firebreak.incidents.declared", "{incident}", "Incidents declared.");
        _timeToResolve = _meter.CreateHistogram<double>(
            "firebreak.incidents.time_to_resolve", "s", "Time from detection to resolution.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [60, 300, 900, 1800, 3600, 7200, 14400, 43200, 86400, 259200] });
    }

    public void Declared(Incident incident) =>
        _declared.Add(1, new("severity", incident.Severity), new("failure_class", FailureClassNames.Format(incident.FailureClass)));

    public void Resolved(Incident incident)
    {
        if (incident.Milestones.Resolved is { } resolved)
        {
            _timeToResolve.Record(
                (resolved - incident.Milestones.Detected).TotalSeconds,
                new("severity", incident.Severity), new("failure_class", FailureClassNames.Format(incident.FailureClass)));
        }
    }

    public void Dispose() => _meter.Dispose();
}
