using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Control;

namespace Firebreak.Client.Tests.Guard;

public sealed class AgentGuardKillTests
{
    [Fact(Timeout = 20_000)]
    public async Task Kill_BlocksTheNextCall_RecordsBlocked_AndRaisesRunKilled()
    {
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(plane);
        RunKilledEventArgs? killed = null;
        guard.RunKilled += (_, e) => killed = e;

        await plane.WaitForAckAsync(plane.SetMode(ControlScope.ForAgent("support"), ControlMode.Killed, "refund storm"));
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
        await GuardFixture.EventuallyAsync(() => plane.Ledger.Contains("blocked:k1"));
        Assert.DoesNotContain("pending:k1", plane.Ledger);
    }

    [Fact(Timeout = 20_000)]
    public async Task Kill_CancelsACallWaitingForApproval_WithoutRunningItsEffect()
    {
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(plane);
        await plane.WaitForAckAsync(plane.SetMode(ControlScope.ForTool("support", "issue_refund"), ControlMode.Approval));
        var effectRan = false;

        var call = guard.ExecuteAsync(
            GuardFixture.Refund("a1"),
            _ =>
            {
                effectRan = true;
                return Task.FromResult(0);
            },
            TestContext.Current.CancellationToken);
        var approval = await plane.NextApprovalAsync();
        plane.SetMode(ControlScope.ForAgent("support"), ControlMode.Killed);

        await Assert.ThrowsAsync<ToolBlockedException>(() => call);
        plane.Decide(approval.Id, Approvals.ApprovalStatus.Approved);
        Assert.False(effectRan);
        await GuardFixture.EventuallyAsync(() => plane.Ledger.Contains("blocked:a1"));
        Assert.DoesNotContain("pending:a1", plane.Ledger);
    }

    [Fact(Timeout = 20_000)]
    public async Task Kill_CancelsTheTokenOfAnEffectInProgress()
    {
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(plane);
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
        plane.SetMode(ControlScope.ForAgent("support"), ControlMode.Killed);

        var blocked = await Assert.ThrowsAsync<ToolBlockedException>(() => call);
        Assert.EndsWith("The call was stopped while it ran; its effect may be partial.", blocked.Message, StringComparison.Ordinal);

        // Completed blocked, as every enforcement point completes a call a kill stopped (docs/design/enforcement.md, step 6).
        await GuardFixture.EventuallyAsync(() => plane.Ledger.Contains("blocked:e1"));
        Assert.DoesNotContain("failed:e1", plane.Ledger);
    }
}
