using System.Diagnostics;
using System.Text.Json;
using Firebreak.Detection;
using Firebreak.Incidents;
using Firebreak.Registry;
using Firebreak.Serialization;
using Firebreak.Server.Control;
using Firebreak.Server.Incidents;
using Firebreak.Server.Registry;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Detection;

/// <summary>
/// Tails the ledger by sequence number from the stored cursor and feeds each agent's detectors (from the registry).
/// Findings become alerts in <see cref="AlertStore"/>, which deduplicates them; a new alert declares or joins an
/// incident when its detector says so, and is then published on <see cref="AlertFeed"/>. At start, the entries of the
/// last window before the cursor are replayed without raising anything, so a restart neither re-raises nor forgets.
/// Windows run on the ledger's clock; polling runs on the wall clock. While an agent is strict (a control), its
/// detectors' thresholds are lowered by their strict factors.
/// </summary>
internal sealed partial class DetectionService(
    LedgerTail ledger,
    AlertStore alerts,
    ControlPlane control,
    RegistryStore registry,
    IncidentStore incidents,
    IncidentInstruments incidentInstruments,
    AlertFeed feed,
    DetectionInstruments instruments,
    IOptions<DetectionOptions> options,
    TimeProvider time,
    ILogger<DetectionService> logger) : BackgroundService
{
    private readonly Dictionary<string, (AgentDetection Detection, string Fingerprint)> _agents = new(StringComparer.Ordinal);
    private long _registryLoadedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        long position;
        while (true)
        {
            try
            {
                position = await StartAsync(settings, stoppingToken);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
                await Task.Delay(settings.PollInterval * 10, stoppingToken);
            }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (next, full) = await PassAsync(position, settings, stoppingToken);
                position = next;
                if (!full)
                {
                    await Task.Delay(settings.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(logger, e);
                await Task.Delay(settings.PollInterval * 10, stoppingToken);
            }
        }
    }

    /// <summary>Finds the cursor (the ledger head on a first start), and replays the warm-up window before it.</summary>
    private async Task<long> StartAsync(DetectionOptions settings, CancellationToken cancellationToken)
    {
        var cursor = await alerts.GetCursorAsync(cancellationToken);
        if (cursor is null)
        {
            cursor = await ledger.HeadAsync(cancellationToken);
            await alerts.AdvanceCursorAsync(cursor.Value, cancellationToken);
        }

        await RefreshAgentsAsync(force: true, cancellationToken);
        var longest = _agents.Values.SelectMany(a => a.Detection.Agent.Detectors ?? []).Select(d => d.Window).DefaultIfEmpty(TimeSpan.Zero).Max();
        var warmUp = longest < settings.WarmUp ? longest : settings.WarmUp;
        var position = warmUp > TimeSpan.Zero ? await ledger.SeqBeforeAsync(time.GetUtcNow() - warmUp, cursor.Value, cancellationToken) : cursor.Value;
        while (position < cursor.Value)
        {
            var entries = await ledger.ReadAsync(position, Math.Min(settings.BatchSize, (int)Math.Min(int.MaxValue, cursor.Value - position)), cancellationToken);
            if (entries.Count == 0)
            {
                break;
            }

            foreach (var entry in entries)
            {
                Observe(entry);
            }

            position = entries[^1].Seq;
        }

        LogStarted(logger, cursor.Value);
        return cursor.Value;
    }

    /// <summary>Reads one batch after <paramref name="position"/>, records what fired, and moves the cursor.</summary>
    private async Task<(long Position, bool Full)> PassAsync(long position, DetectionOptions settings, CancellationToken cancellationToken)
    {
        await RefreshAgentsAsync(force: false, cancellationToken);
        var entries = await ledger.ReadAsync(position, settings.BatchSize, cancellationToken);
        if (entries.Count == 0)
        {
            return (position, false);
        }

        foreach (var entry in entries)
        {
            foreach (var (finding, agent) in Observe(entry))
            {
                instruments.Fired(finding);
                var (alert, change) = await alerts.RecordAsync(finding, cancellationToken);
                if (change == AlertChange.Raised)
                {
                    await RaiseAsync(alert, finding.Definition, agent, cancellationToken);
                }
            }
        }

        var last = entries[^1].Seq;
        await alerts.AdvanceCursorAsync(last, cancellationToken);
        return (last, entries.Count == settings.BatchSize);
    }

    private List<(DetectorFinding Finding, AgentDefinition Agent)> Observe(Firebreak.Ledger.LedgerEntry entry)
    {
        var found = new List<(DetectorFinding, AgentDefinition)>();
        if (entry.AgentId is { } agentId && _agents.TryGetValue(agentId, out var agent) && DetectionEventParser.Parse(entry) is { } e)
        {
            foreach (var finding in agent.Detection.Observe(e, control.IsStrict(agentId)))
            {
                found.Add((finding, agent.Detection.Agent));
            }
        }

        return found;
    }

    /// <summary>
    /// A new alert: publishes it at once, so playbooks contain before any incident write, then declares or joins the
    /// incident when its detector says so and links the alert to it (a playbook's declare step waits for that link).
    /// </summary>
    private async Task RaiseAsync(Alert alert, DetectorDefinition detector, AgentDefinition agent, CancellationToken cancellationToken)
    {
        instruments.Raised(alert);
        LogRaised(logger, alert.Id, alert.Detector, alert.AgentId, alert.Summary);
        feed.Publish(alert);
        if (detector.DeclareIncident)
        {
            // The alert's entry goes on the timeline with the link, so an incident never shows an alert it is not linked to.
            var (incidentId, text) = await DeclareOrJoinAsync(alert, detector, agent, cancellationToken);
            var data = new { alertId = alert.Id, detector = alert.Detector, runIds = alert.RunIds, actionSeqs = alert.ActionSeqs };
            await alerts.SetIncidentAsync(alert.Id, incidentId, new TimelineAct(incidentId, TimelineKind.Note, $"detector:{detector.Name}", text, data), cancellationToken);
        }
    }

    /// <returns>The incident the alert belongs to, and what its timeline says about the alert.</returns>
    private async Task<(string IncidentId, string Text)> DeclareOrJoinAsync(Alert alert, DetectorDefinition detector, AgentDefinition agent, CancellationToken cancellationToken)
    {
        var actor = $"detector:{detector.Name}";
        var open = (await incidents.ListOpenForAgentAsync(agent.Id, cancellationToken)).FirstOrDefault(i => i.FailureClass == alert.FailureClass);
        if (open is not null)
        {
            return (open.Id, $"Alert {alert.Id} joined this incident: {alert.Summary}");
        }

        var title = $"{detector.Name} on {agent.Id}: {alert.Summary}";
        var request = new DeclareIncidentRequest(
            title.Length <= 200 ? title : title[..199] + "…",
            [agent.Id],
            alert.FailureClass,
            agent.Owner,
            SeverityNames.ToSevName(alert.Severity),
            alert.FirstSeenAt,
            Tool: detector.Tool,
            AlertId: alert.Id);
        var (incident, _) = await incidents.DeclareAsync(request, alert.Severity, null, actor, cancellationToken);
        incidentInstruments.Declared(incident);
        return (incident.Id, $"Evidence from alert {alert.Id}: {alert.Summary}");
    }

    /// <summary>Reloads the agents with detectors; an agent whose definition changed starts again with empty windows.</summary>
    private async Task RefreshAgentsAsync(bool force, CancellationToken cancellationToken)
    {
        if (!force && Stopwatch.GetElapsedTime(_registryLoadedAt) < options.Value.RegistryRefresh)
        {
            return;
        }

        _registryLoadedAt = Stopwatch.GetTimestamp();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var agent in await registry.ListAsync(cancellationToken))
        {
            if (agent.Detectors is not { Count: > 0 })
            {
                continue;
            }

            seen.Add(agent.Id);
            var fingerprint = JsonSerializer.Serialize(agent, FirebreakJson.Options);
            if (!_agents.TryGetValue(agent.Id, out var known) || known.Fingerprint != fingerprint)
            {
                _agents[agent.Id] = (new AgentDetection(agent), fingerprint);
            }
        }

        foreach (var gone in _agents.Keys.Where(id => !seen.Contains(id)).ToList())
        {
            _agents.Remove(gone);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Detection started at ledger entry {Seq}.")]
    private static partial void LogStarted(ILogger logger, long seq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} from detector {Detector} on agent {AgentId}: {Summary}")]
    private static partial void LogRaised(ILogger logger, string alertId, string detector, string agentId, string summary);

    [LoggerMessage(Level = LogLevel.Error, Message = "Detection failed; retrying.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
