using Firebreak.Ledger;
using SupportDesk.Agent.Tools;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Guard;

/// <summary>
/// The control plane dies under a working agent: the Firebreak server process is killed with SIGKILL while the support
/// agent works its queue. Once the lease runs out the agent's guard fails closed for risky tools and keeps read tools
/// running; when the server comes back on the same database and address, the agent recovers on its own.
/// </summary>
[Collection(OneDeskAtATime.Name)]
public sealed class ServerFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KillingTheServer_FailsRiskyToolsClosedAfterTheLease_KeepsReadsRunning_AndTheAgentRecoversWhenTheServerReturns()
    {
        await using var desk = await GuardedDesk.StartAsync(
            400,
            Ct,
            new Dictionary<string, string> { ["Firebreak:Control:LeaseTtl"] = "00:00:02" });
        var agent = desk.StartAgent("faulty", tickets: 400, delayMs: 300, Ct);
        await desk.WaitForCountersAsync(c => c.Refunds >= 2, agent, Ct);

        await desk.Server.KillAsync(Ct);
        await agent.WaitForLineAsync(line => line.Contains("(failed closed)", StringComparison.Ordinal), Ct);
        var failedClosed = await desk.Backend.CountersAsync(Ct);
        await agent.WaitForLineAsync(line => line.Contains("started while Firebreak is unreachable", StringComparison.Ordinal), Ct);
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        var outage = await desk.Backend.CountersAsync(Ct);
        Assert.Equal(failedClosed, outage);

        await desk.Server.RestartAsync(Ct);
        await desk.WaitForCountersAsync(
            c => c.Refunds > outage.Refunds && c.EmailsSent > outage.EmailsSent && c.TicketsClosed > outage.TicketsClosed,
            agent,
            Ct);
        Assert.Equal(0, await agent.StopAsync(Ct));

        // What the agent did while the server was down reached the ledger once it was back: risky calls blocked, and
        // in those same runs, the order lookups that kept working.
        var actions = await desk.Operator.ListActionsAsync(GuardedDesk.AgentId, limit: 500, cancellationToken: Ct);
        var blockedRuns = actions
            .Where(a => a.Tool == SupportToolNames.IssueRefund && a.Outcome == ActionOutcome.Blocked && a.RunId is not null)
            .Select(a => a.RunId)
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(blockedRuns);
        Assert.Contains(actions, a => a.Tool == SupportToolNames.LookupOrder && a.Outcome == ActionOutcome.Executed && blockedRuns.Contains(a.RunId));
        Assert.DoesNotContain(actions, a => a.Tool == SupportToolNames.IssueRefund && a.Outcome == ActionOutcome.Executed && blockedRuns.Contains(a.RunId));
    }
}
