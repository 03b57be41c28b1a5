using System.Net.Http.Json;
using System.Text;
using Firebreak.Auth;
using Firebreak.Incidents;
using Firebreak.Serialization;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>
/// A control change lands on its incident's timeline in the transaction that stores it, and the confirmations follow
/// as an entry of their own: a request that goes away while the points confirm leaves the change on the timeline.
/// </summary>
public sealed class TimelineWithTheActTests
{
    /// <summary>The enforcement point that never acknowledges, so a change waits for it until the wait runs out.</summary>
    internal const string SilentPointStream = "/api/v1/control/stream?pointId=silent-1&host=web-1&version=1.0.0";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AKillCancelledWhileItWaitsForConfirmations_IsStillOnTheIncidentTimeline()
    {
        await using var app = new FirebreakApp();
        using var operatorClient = app.Operator();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        var incidentId = await HttpJson.DeclareIncidentAsync(operatorClient);
        await using var point = await SseStream.OpenAsync(agent, SilentPointStream);
        await point.NextAsync("snapshot");

        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var kill = PostKillAsync(operatorClient, incidentId, caller.Token);
        var pushed = await point.NextAsync("snapshot");
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kill);
        var timeline = await TimelineAsync(operatorClient, incidentId);
        var change = Assert.Single(timeline, e => e.Kind == TimelineKind.Control);
        Assert.Contains($"set killed on agent:support at epoch {pushed.Id}: wrong refunds", change.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(timeline, e => e.Text.Contains("enforcement points confirmed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheConfirmations_FollowTheChange_AsAnEntryOfTheirOwn()
    {
        await using var app = new FirebreakApp();
        using var operatorClient = app.Operator();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        var incidentId = await HttpJson.DeclareIncidentAsync(operatorClient);
        await using var point = await SseStream.OpenAsync(agent, "/api/v1/control/stream?pointId=acking-1&host=web-1&version=1.0.0");
        await point.NextAsync("snapshot");
        var acking = Task.Run(
            async () =>
            {
                var pushed = await point.NextAsync("snapshot");
                await HttpJson.PostAsync(agent, "/api/v1/control/ack", $$"""{"pointId":"acking-1","epoch":{{pushed.Id}}}""");
            },
            Ct);

        using var response = await PostKillAsync(operatorClient, incidentId, Ct);
        await acking;

        response.EnsureSuccessStatusCode();
        var timeline = await TimelineAsync(operatorClient, incidentId);
        var entries = timeline.Where(e => e.Kind == TimelineKind.Control).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Contains("set killed on agent:support at epoch", entries[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("1 of 1 enforcement points confirmed epoch", entries[1].Text, StringComparison.Ordinal);
        Assert.True(entries[0].Seq < entries[1].Seq);
    }

    /// <summary>Kills the support agent under <paramref name="incidentId"/>, waiting as long as the API allows for its points to confirm.</summary>
    internal static Task<HttpResponseMessage> PostKillAsync(HttpClient operatorClient, string incidentId, CancellationToken cancellationToken) =>
        operatorClient.PostAsync(
            new Uri("/api/v1/control/changes?wait=30000", UriKind.Relative),
            new StringContent(
                $$"""{"target":"agent","agentId":"support","mode":"killed","reason":"wrong refunds","incidentId":"{{incidentId}}"}""", Encoding.UTF8, "application/json"),
            cancellationToken);

    internal static async Task<IReadOnlyList<IncidentTimelineEntry>> TimelineAsync(HttpClient client, string incidentId) =>
        (await client.GetFromJsonAsync<IncidentDetail>(new Uri($"/api/v1/incidents/{incidentId}", UriKind.Relative), FirebreakJson.Options, Ct))!.Timeline;
}
