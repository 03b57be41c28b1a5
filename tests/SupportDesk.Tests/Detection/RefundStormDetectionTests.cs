using System.Diagnostics;
using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Ledger;
using SupportDesk.Agent.Tools;
using SupportDesk.Tests.Guard;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Detection;

/// <summary>
/// Detection end to end with real processes: the support agent works the backend's queue under its guard, the server's
/// detection service tails the ledger with the sample registry's detectors, and the faulty release's $40 goodwill
/// refunds trip <c>refund-storm</c> while the good release's covered refunds do not.
/// </summary>
[Collection(OneDeskAtATime.Name)]
public sealed class RefundStormDetectionTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheFaultyRelease_TripsRefundStorm_OneAlertWithEvidence_AndAnIncidentDeclaredByTheDetector()
    {
        await using var desk = await GuardedDesk.StartAsync(300, Ct);
        var agent = desk.StartAgent("faulty", tickets: 300, delayMs: 0, Ct);

        var alert = await EventuallyAsync(
            async () => (await desk.Operator.ListAlertsAsync(GuardedDesk.AgentId, cancellationToken: Ct)).FirstOrDefault(a => a.Detector == "refund-storm" && a.IncidentId is not null),
            agent);
        var seen = DateTimeOffset.UtcNow;
        await agent.StopAsync(Ct);

        Assert.Equal((FailureClass.ToolMisuse, Severity.Sev2, "issue_refund"), (alert.FailureClass, alert.Severity, alert.DedupKey));
        Assert.True(alert.RunIds.Count >= 5, $"The alert names {alert.RunIds.Count} runs: {string.Join(", ", alert.RunIds)}");
        Assert.True(alert.ActionSeqs.Count >= 5, $"The alert names {alert.ActionSeqs.Count} actions.");

        // Deduplicated: the storm goes on after the first finding, and every repeat lands on the same alert.
        var alerts = await desk.Operator.ListAlertsAsync(GuardedDesk.AgentId, limit: 500, cancellationToken: Ct);
        Assert.Single(alerts, a => a.Detector == "refund-storm");
        var stored = await desk.Operator.GetAlertAsync(alert.Id, Ct);
        Assert.True(stored.Count >= alert.Count);

        // The evidence is the wrong refunds themselves, each in a run whose trace holds the model calls that led to it.
        var actions = await desk.Operator.ListActionsAsync(GuardedDesk.AgentId, limit: 500, cancellationToken: Ct);
        var evidence = actions.Where(a => alert.ActionSeqs.Contains(a.Seq)).ToList();
        Assert.Equal(alert.ActionSeqs.Count, evidence.Count);
        Assert.All(evidence, a => Assert.Equal((SupportToolNames.IssueRefund, 40m), (a.Tool, a.Amount ?? 0)));
        var trace = await desk.Operator.GetTraceAsync(alert.RunIds[0], Ct);
        var modelCalls = trace.Items.Where(i => i.Kind == LedgerEntryKinds.Step && i.Payload.GetProperty("kind").GetString() == "model_call").ToList();
        Assert.NotEmpty(modelCalls);
        Assert.Equal("scripted-support", modelCalls[0].Payload.GetProperty("data").GetProperty("model").GetString());
        Assert.True(modelCalls[0].Payload.GetProperty("data").GetProperty("durationMs").ValueKind == JsonValueKind.Number);

        var incident = await desk.Operator.GetIncidentAsync(alert.IncidentId!, Ct);
        Assert.Equal((alert.Id, FailureClass.ToolMisuse, "SEV2"), (incident.Incident.AlertId, incident.Incident.FailureClass, incident.Incident.Severity));
        Assert.Contains(incident.Timeline, e => e.Actor == "detector:refund-storm" && e.Kind == TimelineKind.Declared);

        var triggering = evidence.OrderBy(a => a.Seq).ElementAt(4);
        output.WriteLine($"refund-storm: the fifth wrong refund was recorded at {triggering.RecordedAt:O}; the alert was listed with its incident by {seen:O} ({(seen - triggering.RecordedAt).TotalMilliseconds:0} ms, polled every 50 ms).");
        Assert.True(seen - triggering.RecordedAt < TimeSpan.FromSeconds(10), "Detection took longer than the generous bound.");
    }

    [Fact]
    public async Task TheGoodRelease_RefundsWhatThePolicyCovers_AndRaisesNoFinancialAlert()
    {
        await using var desk = await GuardedDesk.StartAsync(150, Ct);
        var elapsed = Stopwatch.StartNew();
        var agent = desk.StartAgent("normal", tickets: 150, delayMs: 0, Ct);
        Assert.Equal(0, await agent.ExitCodeAsync(Ct));
        elapsed.Stop();

        var counters = await desk.Backend.CountersAsync(Ct);
        Assert.Equal(150, counters.TicketsClosed);
        Assert.Equal(50, counters.Refunds);
        output.WriteLine($"good release: 150 tickets in {elapsed.Elapsed.TotalSeconds:0.0} s ({150 / elapsed.Elapsed.TotalSeconds:0.0} tickets/s).");

        // A barrier: a call to a tool outside the catalog, recorded after everything the agent did, raises unknown-tool;
        // once that alert is listed, detection has read every refund before it.
        var probe = JsonSerializer.SerializeToElement(new { reason = "detection barrier" });
        await desk.Operator.RecordActionAsync(new RecordActionRequest(GuardedDesk.AgentId, "barrier-1", "not_in_catalog", probe, ActionOutcome.Blocked), Ct);
        var alerts = await EventuallyAsync(
            async () => await desk.Operator.ListAlertsAsync(GuardedDesk.AgentId, limit: 500, cancellationToken: Ct) is { } listed && listed.Any(a => a.Detector == "unknown-tool") ? listed : null,
            agent);
        Assert.DoesNotContain(alerts, a => a.Detector is "refund-storm" or "refund-cap");
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value, for at most 60 s; fails early if the agent exits with an error.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, GuardedAgent agent)
        where T : class
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (agent.Run.IsCompleted && agent.Run.Result != 0)
            {
                throw new InvalidOperationException($"The agent exited with {agent.Run.Result}:\n{agent.Output}\n{agent.Error}");
            }

            await Task.Delay(50, Ct);
        }

        throw new TimeoutException($"Waited 60 s:\n{agent.Output}\n{agent.Error}");
    }
}
