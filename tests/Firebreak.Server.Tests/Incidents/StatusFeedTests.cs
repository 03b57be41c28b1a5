using System.Net;
using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Serialization;

namespace Firebreak.Server.Tests.Incidents;

public sealed class StatusFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAgentConfiguredPublic_IsReadableAnonymously_WithTheLatestCustomerNotice()
    {
        await using var host = new IncidentHost(new Dictionary<string, string> { ["Firebreak:Incidents:PublicStatus:support"] = "true" });
        using var anonymous = host.Anonymous();

        var before = await ReadAsync(anonymous);
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration());
        await host.PostOkAsync<IncidentCommunication>("/api/v1/incidents/INC-1/communications", new
        {
            channel = "customer", impact = "refunds are paused", currentAction = "a", estimatedResolution = "2 hours",
        });
        var during = await ReadAsync(anonymous);
        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "resolved" });
        var after = await ReadAsync(anonymous);

        Assert.Equal("normal", before.State);
        Assert.Equal("degraded", during.State);
        Assert.Contains("refunds are paused", during.Message, StringComparison.Ordinal);
        Assert.Equal("2 hours", during.EstimatedResolution);
        Assert.Equal("normal", after.State);
    }

    [Fact]
    public async Task AnAgentNotConfiguredPublic_NeedsAViewerKey()
    {
        await using var host = new IncidentHost();
        using var anonymous = host.Anonymous();

        using var refused = await anonymous.GetAsync(new Uri("/status/v1/support", UriKind.Relative), Ct);
        using var allowed = await host.Client.GetAsync(new Uri("/status/v1/support", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    private static async Task<AgentStatus> ReadAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/status/v1/support", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<AgentStatus>(await response.Content.ReadAsStringAsync(Ct), FirebreakJson.Options)!;
    }
}
