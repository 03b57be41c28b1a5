using System.Diagnostics.Metrics;

namespace Firebreak.Server.Security;

/// <summary>
/// The <c>Firebreak.Security</c> meter: requests of keys bound to an agent that the server refused with 403, per
/// agent, role, method and route, so an agent probing beyond its containment can be alerted on.
/// </summary>
internal sealed class RefusalInstruments : IDisposable
{
    public const string MeterName = "Firebreak.Security";

    private readonly Meter _meter;
    private readonly Counter<long> _refusals;

    public RefusalInstruments(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _refusals = _meter.CreateCounter<long>("firebreak.security.refusals", "{refusal}", "Requests of keys bound to an agent refused with 403.");
    }

    public void Refused(string agentId, AgentRefusal refusal) =>
        _refusals.Add(
            1,
            new("agent", agentId),
            new("role", refusal.Role),
            new("method", refusal.Method),
            new("route", refusal.Route));

    public void Dispose() => _meter.Dispose();
}
