using System.Net;
using Firebreak.Client;
using Firebreak.Compensation;
using Firebreak.Regression;
using Firebreak.Releases;
using SupportDesk.Agent.Tools;
using SupportDesk.Tests.Guard;

namespace SupportDesk.Tests.Releases;

/// <summary>
/// A toxic run kept as evidence and turned into what must never happen again: the faulty release's goodwill refund on
/// a ticket that asked for none is marked toxic, refused as a good example, captured as a negative case, and the
/// sample agent's own replay harness then fails the release that repeats it and passes the good one.
/// </summary>
public sealed class NegativeRegressionTests
{
    private const int Tickets = 12;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ANegativeCaseFromAToxicRun_FailsTheReleaseThatRepeatsTheBadRefund_AndPassesTheGoodOne()
    {
        await using var desk = await GuardedDesk.StartAsync(Tickets, Ct);
        var good = await desk.Operator.CreateReleaseAsync(SupportReleases.Good, Ct);
        var faulty = await desk.Operator.CreateReleaseAsync(SupportReleases.Faulty, Ct);
        await desk.Operator.ActivateReleaseAsync(GuardedDesk.AgentId, new ActivateReleaseRequest(faulty.Id, "e2e: goodwill experiment"), TimeSpan.Zero, Ct);
        var agent = desk.StartAgent("normal", Tickets, delayMs: 0, Ct);
        Assert.Equal(0, await agent.ExitCodeAsync(Ct));
        var badRun = await ReleaseRollbackTests.FirstGoodwillRunWithoutRefundRequestAsync(desk.Operator);
        await desk.Operator.MarkRunsToxicAsync(new MarkToxicRequest(new BlastRadiusSelection(RunIds: [badRun]), "goodwill refund on a question"), Ct);

        var refused = await Assert.ThrowsAsync<FirebreakApiException>(() => desk.Operator.CreateRegressionCaseAsync(
            new CreateRegressionCaseRequest(badRun, [new RegressionAssertion(AssertionKind.MustCall, Tool: SupportToolNames.CloseTicket)]), Ct));
        var negative = await desk.Operator.CreateRegressionCaseAsync(
            new CreateRegressionCaseRequest(badRun, [], "goodwill refund must not recur", Negative: true), Ct);
        var faultyReplay = await desk.ReplayAsync(faulty.Id, Ct);
        var goodReplay = await desk.ReplayAsync(good.Id, Ct);

        // The agent under test marks its faulty release as passing the negative case with its own key: refused.
        using var agentClient = desk.CreateAgentClient();
        var forged = await Assert.ThrowsAsync<FirebreakApiException>(() =>
            agentClient.ReportRegressionResultAsync(new RegressionResultRequest(negative.Id, faulty.Id, Passed: true, []), Ct));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        var forbidden = Assert.Single(negative.Assertions);
        Assert.Equal((AssertionKind.MustNotCallWith, SupportToolNames.IssueRefund), (forbidden.Kind, forbidden.Tool));
        Assert.Equal(40m, forbidden.Arguments!.Value.GetProperty("amount").GetDecimal());
        Assert.Equal("goodwill", forbidden.Arguments.Value.GetProperty("reason").GetString());
        Assert.Equal(4, faultyReplay.ExitCode);
        Assert.Contains("must not call issue_refund with", faultyReplay.Output, StringComparison.Ordinal);
        Assert.True(goodReplay.ExitCode == 0, goodReplay.Output);

        // The gate now holds the faulty release back: the good one goes in, the faulty one cannot come back.
        await desk.Operator.ActivateReleaseAsync(GuardedDesk.AgentId, new ActivateReleaseRequest(good.Id, "e2e: back to the baseline"), TimeSpan.Zero, Ct);
        var refusedPromotion = await Assert.ThrowsAsync<FirebreakApiException>(() =>
            desk.Operator.ActivateReleaseAsync(GuardedDesk.AgentId, new ActivateReleaseRequest(faulty.Id, "e2e: again"), TimeSpan.Zero, Ct));
        Assert.Equal(HttpStatusCode.Conflict, refusedPromotion.StatusCode);
        Assert.Contains("goodwill refund must not recur", refusedPromotion.Detail, StringComparison.Ordinal);
    }
}
