using System.Net;
using Firebreak.Incidents;

namespace Firebreak.Server.Tests.Incidents;

public sealed class PrometheusMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_ExposeDeclaredIncidentsAndTimeToResolve_ToKeyHoldersOnly()
    {
        await using var host = new IncidentHost();
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration("SEV2"));
        host.Time.Advance(TimeSpan.FromMinutes(30));
        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "resolved" });
        using var anonymous = host.Anonymous();

        var text = await host.GetTextAsync("/metrics");
        using var refused = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);

        Assert.Contains("firebreak_incidents_declared_total{", text, StringComparison.Ordinal);
        Assert.Contains("severity=\"SEV2\"", text, StringComparison.Ordinal);
        Assert.Contains("failure_class=\"tool-misuse\"", text, StringComparison.Ordinal);
        Assert.Contains("firebreak_incidents_time_to_resolve_seconds_sum{", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
