using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Control;

namespace Firebreak.Client.Tests.Guard;

public sealed class AgentGuardKillTests
{
    [Fact(Timeout = 30_000)]
    public async Task Kill_BlocksTheNextCall_RecordsBlocked_AndRaisesRunKilled()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        RunKilledEventArgs? killed = null;
        guard.RunKilled += (_, e) => killed = e;

        await server.SetModeAsync(ControlScope.ForAgent("support"), ControlMode.Killed, "refund storm");
        var effectRan = false;
        var blocked = await Assert.ThrowsAsync<ToolBlockedException>(() => guard.ExecuteAsync(
            GuardFixture.Refund("k1"),
            _ =>
            {
                effectRan = true;
                return Task.FromResult(0);
            },
            TestContext.Current.CancellationToken));

        Assert.False(effectRan);
        Assert.Contains("killed", blocked.Message, StringComparison.Ordinal);
        Assert.Contains("refund storm", blocked.Message, StringComparison.Ordinal);
        Assert.True(guard.IsKilled);
        Assert.NotNull(killed);
        await GuardFixture.EventuallyAsync(async () => (await server.LedgerAsync()).Contains("blocked:k1"));
        Assert.DoesNotContain("pending:k1", await server.LedgerAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task Kill_CancelsACallWaitingForApproval_WithoutRunningItsEffect()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        await server.SetModeAsync(ControlScope.ForTool("support", "issue_refund"), ControlMode.Approval);
        var effectRan = false;

        var call = guard.ExecuteAsync(
            GuardFixture.Refund("a1"),
            _ =>
            {
                effectRan = true;
                return Task.FromResult(0);
            },
            TestContext.Current.CancellationToken);
        var approval = await server.NextApprovalAsync();
        await server.SetModeAsync(ControlScope.ForAgent("support"), ControlMode.Killed, confirmed: false);

        await Assert.ThrowsAsync<ToolBlockedException>(() => call);
        await ApproveIfStillPendingAsync(server, approval.Id);
        Assert.False(effectRan);
        await GuardFixture.EventuallyAsync(async () => (await server.LedgerAsync()).Contains("blocked:a1"));
        Assert.DoesNotContain("pending:a1", await server.LedgerAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task Kill_CancelsTheTokenOfAnEffectInProgress()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        var started = new TaskCompletionSource();

        var call = guard.ExecuteAsync(
            GuardFixture.Refund("e1"),
            async token =>
            {
                started.SetResult();
                await Task.Delay(Timeout.Infinite, token);
                return 0;
            },
            TestContext.Current.CancellationToken);
        await started.Task;
        await server.SetModeAsync(ControlScope.ForAgent("support"), ControlMode.Killed, confirmed: false);

        var blocked = await Assert.ThrowsAsync<ToolBlockedException>(() => call);
        Assert.EndsWith("The call was stopped while it ran; its effect may be partial.", blocked.Message, StringComparison.Ordinal);

        // Completed blocked, as every enforcement point completes a call a kill stopped (docs/design/enforcement.md, step 6).
        await GuardFixture.EventuallyAsync(async () => (await server.LedgerAsync()).Contains("blocked:e1"));
        Assert.DoesNotContain("failed:e1", await server.LedgerAsync());
    }

    /// <summary>An operator approving after the kill: the server may already have settled the approval, which is fine either way.</summary>
    private static async Task ApproveIfStillPendingAsync(FirebreakServer server, string approvalId)
    {
        try
        {
            await server.Operator.ApproveAsync(approvalId, cancellationToken: TestContext.Current.CancellationToken);
        }
        catch (FirebreakApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Already decided or expired: nothing left to approve.
        }
    }
}
