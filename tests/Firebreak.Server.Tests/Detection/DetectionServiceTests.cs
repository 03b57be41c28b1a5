using System.Globalization;
using System.Net;
using System.Text.Json;
using Firebreak.Detection;
using Firebreak.Serialization;
using Firebreak.Server.Detection;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Detection;

/// <summary>
/// The detection service in the real server with the sample registry: actions recorded through the API reach the support
/// agent's detectors, which raise one deduplicated alert, declare an incident and publish the alert once.
/// </summary>
public sealed class DetectionServiceTests : IAsyncDisposable
{
    private readonly FirebreakApp _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARefundStorm_RaisesOneAlertWithItsEvidence_DeclaresAnIncident_AndPublishesTheAlertOnce()
    {
        using var client = _app.Operator();
        var feed = _app.Services.GetRequiredService<AlertFeed>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        await using var published = feed.SubscribeAsync(deadline.Token).GetAsyncEnumerator(deadline.Token);
        var moved = published.MoveNextAsync();

        var runs = new List<string>();
        for (var i = 1; i <= 8; i++)
        {
            runs.Add(await RefundAsync(client, i));
        }

        Assert.True(await moved, "No alert was published.");
        var alert = published.Current;
        Assert.Equal(("support", "refund-storm", "issue_refund"), (alert.AgentId, alert.Detector, alert.DedupKey));
        Assert.Equal((Firebreak.Incidents.FailureClass.ToolMisuse, Firebreak.Incidents.Severity.Sev2, AlertStatus.Open), (alert.FailureClass, alert.Severity, alert.Status));
        Assert.Equal(runs[..5], alert.RunIds);
        // Published before any incident write, so playbooks contain first; the incident link follows in the store.
        Assert.Null(alert.IncidentId);

        // The three refunds after the fifth repeat the finding: the same alert counts them, nothing new is raised.
        var stored = await EventuallyAsync(async () =>
        {
            var (_, body) = await HttpJson.GetAsync(client, "/api/v1/alerts?agent=support");
            var alerts = body.Deserialize<Alert[]>(FirebreakJson.Options)!;
            return alerts.Length == 1 && alerts[0].Count == 4 && alerts[0].IncidentId is not null ? alerts[0] : null;
        });
        Assert.Equal(alert.Id, stored.Id);
        Assert.Equal(runs, stored.RunIds);
        Assert.Equal(8, stored.ActionSeqs.Count);

        var (_, incident) = await HttpJson.GetAsync(client, $"/api/v1/incidents/{stored.IncidentId}");
        var declared = incident.GetProperty("incident");
        Assert.Equal(("tool-misuse", "SEV2", alert.Id), (declared.GetProperty("failureClass").GetString(), declared.GetProperty("severity").GetString(), declared.GetProperty("alertId").GetString()));
        Assert.Contains(
            incident.GetProperty("timeline").EnumerateArray(),
            e => e.GetProperty("actor").GetString() == "detector:refund-storm" && e.GetProperty("kind").GetString() == "declared");

        // The sample's refund-storm playbook answers the alert under the detector's incident: no second incident.
        var execution = Assert.Single(await Playbooks.PlaybookAlerts.WaitForExecutionsAsync(client, alert.Id));
        Assert.Equal(stored.IncidentId, execution.GetProperty("incidentId").GetString());
        var declare = execution.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "declare-incident");
        Assert.Equal($"joined {stored.IncidentId}, declared by detector:refund-storm", declare.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnotherDetectorOfTheSameClass_JoinsTheOpenIncident_InsteadOfDeclaringAnother()
    {
        using var client = _app.Operator();
        for (var i = 1; i <= 5; i++)
        {
            await RefundAsync(client, i);
        }

        var storm = await EventuallyAsync(async () => (await ListAsync(client)).FirstOrDefault(a => a.Detector == "refund-storm" && a.IncidentId is not null));
        await RefundAsync(client, 6, amount: 900);

        var cap = await EventuallyAsync(async () => (await ListAsync(client)).FirstOrDefault(a => a.Detector == "refund-cap" && a.IncidentId is not null));
        Assert.Equal(storm.IncidentId, cap.IncidentId);
        var (_, incident) = await HttpJson.GetAsync(client, $"/api/v1/incidents/{cap.IncidentId}");
        Assert.Contains(
            incident.GetProperty("timeline").EnumerateArray(),
            e => e.GetProperty("actor").GetString() == "detector:refund-cap" && e.GetProperty("text").GetString()!.Contains(cap.Id, StringComparison.Ordinal));
        var (_, incidents) = await HttpJson.GetAsync(client, "/api/v1/incidents?agent=support");
        Assert.Equal(1, incidents.GetArrayLength());
    }

    [Fact]
    public async Task WhileTheAgentIsStrict_ThresholdsAreLowered_SoRefundsOnHalfTheTicketsAreAStorm()
    {
        using var client = _app.Operator();
        var (changed, body) = await HttpJson.PostAsync(
            client, "/api/v1/control/changes?wait=0", """{"target":"agent","agentId":"support","strict":true,"reason":"game day"}""");
        Assert.True(changed.IsSuccessStatusCode, $"Going strict answered {(int)changed.StatusCode}: {body}");
        for (var i = 1; i <= 4; i++)
        {
            await HttpJson.PostAsync(client, "/api/v1/runs", """{"agentId":"support"}""");
            await RefundAsync(client, i);
        }

        var alert = await EventuallyAsync(async () => (await ListAsync(client)).FirstOrDefault(a => a.Detector == "refund-storm"));

        // The third refund in six runs fires (0.5 per run); the fourth, if already read, repeats the finding.
        Assert.InRange(alert.RunIds.Count, 3, 4);
        Assert.Contains("0.5 per run", alert.Summary, StringComparison.Ordinal);
        Assert.Contains("over the limit of 0.25 (strict)", alert.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operators_AcknowledgeAndResolveAlerts_OnTheAlertsApi_WhichRefusesWhatItCannotDo()
    {
        using var client = _app.Operator();
        for (var i = 1; i <= 5; i++)
        {
            await RefundAsync(client, i);
        }

        var alert = await EventuallyAsync(async () => (await ListAsync(client)).FirstOrDefault(a => a.IncidentId is not null));

        var (acknowledged, ackBody) = await HttpJson.PostAsync(client, $"/api/v1/alerts/{alert.Id}/acknowledge", "{}");
        var (resolved, resolvedBody) = await HttpJson.PostAsync(client, $"/api/v1/alerts/{alert.Id}/resolve", "{}");
        var (back, _) = await HttpJson.PostAsync(client, $"/api/v1/alerts/{alert.Id}/acknowledge", "{}");
        var (missing, _) = await HttpJson.PostAsync(client, "/api/v1/alerts/alt_missing/resolve", "{}");
        var (get, got) = await HttpJson.GetAsync(client, $"/api/v1/alerts/{alert.Id}");
        var (badStatus, _) = await HttpJson.GetAsync(client, "/api/v1/alerts?status=closed");
        var (badLimit, _) = await HttpJson.GetAsync(client, "/api/v1/alerts?limit=0");
        var (resolvedList, listed) = await HttpJson.GetAsync(client, "/api/v1/alerts?status=resolved&since=2000-01-01T00:00:00Z");

        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal("acknowledged", ackBody.GetProperty("status").GetString());
        Assert.Equal("resolved", resolvedBody.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, back.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "resolved"), (get.StatusCode, got.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resolvedList.StatusCode);
        Assert.Contains(listed.EnumerateArray(), a => a.GetProperty("id").GetString() == alert.Id);
        var (_, incident) = await HttpJson.GetAsync(client, $"/api/v1/incidents/{alert.IncidentId}");
        Assert.Contains(
            incident.GetProperty("timeline").EnumerateArray(),
            e => e.GetProperty("text").GetString()!.Contains($"Alert {alert.Id} (refund-storm) resolved", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static async Task<Alert[]> ListAsync(HttpClient client)
    {
        var (_, body) = await HttpJson.GetAsync(client, "/api/v1/alerts?agent=support");
        return body.Deserialize<Alert[]>(FirebreakJson.Options)!;
    }

    /// <summary>One ticket's run with one refund, as the guard records it; returns the run id.</summary>
    private static async Task<string> RefundAsync(HttpClient client, int ticket, decimal amount = 40)
    {
        var (started, run) = await HttpJson.PostAsync(client, "/api/v1/runs", """{"agentId":"support"}""");
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var runId = run.GetProperty("id").GetString()!;
        var action = string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"agentId":"support","idempotencyKey":"refund-{{ticket}}","tool":"issue_refund","arguments":{"orderId":"o-{{ticket}}","amount":{{amount}},"currency":"USD"},"outcome":"executed","runId":"{{runId}}","amount":{{amount}},"currency":"USD","entities":["customer:c-{{ticket}}","order:o-{{ticket}}"]}""");
        var (recorded, body) = await HttpJson.PostAsync(client, "/api/v1/actions", action);
        Assert.True(recorded.StatusCode == HttpStatusCode.Created, $"Recording a refund answered {(int)recorded.StatusCode}: {body}");
        return runId;
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value, for at most 30 s.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50, deadline.Token);
        }
    }
}
