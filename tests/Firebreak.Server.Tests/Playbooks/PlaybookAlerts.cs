using System.Text.Json;
using Firebreak.Detection;
using Firebreak.Incidents;
using Firebreak.Server.Detection;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Playbooks;

/// <summary>Raises alerts the way the detection service does (on the in-process feed) and waits for playbooks to answer them.</summary>
internal static class PlaybookAlerts
{
    public static Alert Raise(FirebreakApp app, string agentId, FailureClass failureClass, Severity severity, string? incidentId = null, string detector = "refund-rate")
    {
        var now = DateTimeOffset.UtcNow;
        var alert = new Alert(
            $"alt_{Guid.NewGuid():N}"[..30], agentId, detector, failureClass, severity, agentId, "48 refunds in 60 s, limit 20",
            ["run-1"], [1], now.AddSeconds(-2), now, 1, AlertStatus.Open, incidentId);
        Publish(app, alert);
        return alert;
    }

    public static void Publish(FirebreakApp app, Alert alert) => app.Services.GetRequiredService<AlertFeed>().Publish(alert);

    /// <summary>The executions answering <paramref name="alertId"/> once at least one has finished; fails after 30 s.</summary>
    public static async Task<JsonElement[]> WaitForExecutionsAsync(HttpClient client, string alertId)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var (_, body) = await HttpJson.GetAsync(client, $"/api/v1/playbooks/executions?alert={alertId}");
            var executions = body.EnumerateArray().ToArray();
            if (executions.Any(e => e.TryGetProperty("finishedAt", out _)))
            {
                return executions;
            }

            await Task.Delay(25, deadline.Token);
        }
    }
}
