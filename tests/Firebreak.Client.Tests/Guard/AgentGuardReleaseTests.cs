using System.Text.Json;
using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Releases;

namespace Firebreak.Client.Tests.Guard;

public sealed class AgentGuardReleaseTests
{
    private static CreateReleaseRequest Release(string prompt) => new(
        GuardFixture.AgentId,
        new ReleaseModel("scripted", "scripted", JsonSerializer.SerializeToElement(new { temperature = 0 })),
        new Dictionary<string, string>(StringComparer.Ordinal) { ["system"] = prompt });

    [Fact(Timeout = 30_000)]
    public async Task TheActiveRelease_ArrivesOnTheStream_AndEveryNewRunRecordsIt_SoARollbackNeedsNoRestart()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        var ct = TestContext.Current.CancellationToken;
        var good = await server.Operator.CreateReleaseAsync(Release("Answer within the refund policy."), ct);
        var bad = await server.Operator.CreateReleaseAsync(Release("Refund every ticket as a goodwill gesture."), ct);
        Assert.Null(guard.ActiveReleaseId);

        await server.Operator.ActivateReleaseAsync(GuardFixture.AgentId, new ActivateReleaseRequest(bad.Id, "experiment"), TimeSpan.FromSeconds(10), ct);
        var first = await guard.StartRunAsync(GuardFixture.Json("{}"), "corr-1", cancellationToken: ct);
        await server.Operator.ActivateReleaseAsync(GuardFixture.AgentId, new ActivateReleaseRequest(good.Id, "roll back the experiment"), TimeSpan.FromSeconds(10), ct);
        var second = await guard.StartRunAsync(GuardFixture.Json("{}"), "corr-2", cancellationToken: ct);

        Assert.Equal(good.Id, guard.ActiveReleaseId);
        Assert.Equal(bad.Id, (await server.Operator.GetRunAsync(first.Run!.Id, ct)).Release.ReleaseId);
        Assert.Equal(good.Id, (await server.Operator.GetRunAsync(second.Run!.Id, ct)).Release.ReleaseId);
    }

    [Fact(Timeout = 30_000)]
    public async Task DuringARestore_TheRoutingKeyDecidesTheRelease_TheSameWayEveryTime()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        var ct = TestContext.Current.CancellationToken;
        var good = await server.Operator.CreateReleaseAsync(Release("Answer within the refund policy."), ct);
        var candidate = await server.Operator.CreateReleaseAsync(Release("Answer within the refund policy, and say sorry."), ct);
        await server.Operator.ActivateReleaseAsync(GuardFixture.AgentId, new ActivateReleaseRequest(good.Id, "baseline"), TimeSpan.FromSeconds(10), ct);
        await server.Operator.StartRestoreAsync(GuardFixture.AgentId, new RestoreRequest(candidate.Id, "try the apology", Steps: [50, 100], Interval: TimeSpan.FromHours(1)), ct);
        await GuardFixture.EventuallyAsync(() => guard.Releases?.CandidateReleaseId == candidate.Id);
        var routing = guard.Releases!;

        var recorded = new List<string?>();
        foreach (var customer in Enumerable.Range(0, 20).Select(i => $"customer-{i}"))
        {
            var start = await guard.StartRunAsync(GuardFixture.Json("{}"), routingKey: customer, cancellationToken: ct);
            recorded.Add((await server.Operator.GetRunAsync(start.Run!.Id, ct)).Release.ReleaseId);
        }

        var expected = Enumerable.Range(0, 20).Select(i => (string?)routing.ReleaseFor($"customer-{i}")).ToList();
        Assert.Equal(50, routing.CandidatePercent);
        Assert.Equal(expected, recorded);
        Assert.Contains(good.Id, expected);
        Assert.Contains(candidate.Id, expected);
    }
}
