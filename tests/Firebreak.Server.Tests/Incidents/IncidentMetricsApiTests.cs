using Firebreak.Incidents;

namespace Firebreak.Server.Tests.Incidents;

public sealed class IncidentMetricsApiTests
{
    [Fact]
    public async Task Metrics_GiveMeanTimes_AndLinkRecurrencesWithin30Days()
    {
        await using var host = new IncidentHost();
        await RunAsync(host, acknowledgeAfter: 5, resolveAfter: 60);
        host.Time.Advance(TimeSpan.FromDays(3));
        var second = await RunAsync(host, acknowledgeAfter: 15, resolveAfter: 120);
        host.Time.Advance(TimeSpan.FromDays(40));
        var third = await RunAsync(host, acknowledgeAfter: 10, resolveAfter: 30);

        var report = await host.GetAsync<IncidentMetricsReport>(
            $"/api/v1/incidents/metrics?from={Uri.EscapeDataString(IncidentHost.Start.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(host.Time.GetUtcNow().AddDays(1).ToString("O"))}");

        Assert.Equal("INC-1", second.RecurrenceOf);
        Assert.Null(third.RecurrenceOf);
        Assert.Equal(3, report.Overall.Incidents);
        Assert.Equal(TimeSpan.FromMinutes(10), report.Overall.MeanTimeToAcknowledge);
        Assert.Equal(TimeSpan.FromMinutes(70), report.Overall.MeanTimeToResolve);
        Assert.Equal(3, report.ByAgent["support"].Incidents);
        Assert.Equal(3, report.BySeverity["SEV2"].Incidents);
        Assert.Equal(3, report.ByFailureClass["tool-misuse"].Incidents);
        var recurrence = Assert.Single(report.Recurrence.Recurrences);
        Assert.Equal(("INC-2", "INC-1"), (recurrence.IncidentId, recurrence.PreviousIncidentId));
        var detail = await host.GetAsync<IncidentDetail>("/api/v1/incidents/INC-2");
        Assert.Contains(detail.Timeline, e => e.Text.StartsWith("Recurrence of INC-1", StringComparison.Ordinal));
    }

    private static async Task<Incident> RunAsync(IncidentHost host, int acknowledgeAfter, int resolveAfter)
    {
        var declared = await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration("SEV2"));
        var id = declared.Incident.Id;
        host.Time.Advance(TimeSpan.FromMinutes(acknowledgeAfter));
        await host.PostOkAsync<Incident>($"/api/v1/incidents/{id}/status", new { status = "investigating" });
        host.Time.Advance(TimeSpan.FromMinutes(resolveAfter - acknowledgeAfter));
        await host.PostOkAsync<Incident>($"/api/v1/incidents/{id}/status", new { status = "resolved" });
        return declared.Incident;
    }
}
