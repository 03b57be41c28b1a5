using Firebreak.Approvals;
using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Control;

namespace Firebreak.Client.Tests.Guard;

public sealed class AgentGuardApprovalTests
{
    [Fact(Timeout = 20_000)]
    public async Task Approved_RunsOnceUnderTheSameIdempotencyKey()
    {
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(plane);
        var epoch = plane.SetMode(ControlScope.ForTool("support", "issue_refund"), ControlMode.Approval);
        await plane.WaitForAckAsync(epoch);
        var runs = 0;

        var call = guard.ExecuteAsync(GuardFixture.Refund("a1"), _ => Task.FromResult(Interlocked.Increment(ref runs)), TestContext.Current.CancellationToken);
        var approval = await plane.NextApprovalAsync();
        Assert.Equal(0, runs);
        Assert.Equal("a1", approval.IdempotencyKey);
        Assert.Equal(epoch, approval.ControlEpoch);
        plane.Decide(approval.Id, ApprovalStatus.Approved);
        var result = await call;

        Assert.Equal(1, runs);
        Assert.Equal(1, result.Value);
        await GuardFixture.EventuallyAsync(() => plane.Ledger.Count == 2);
        Assert.Equal(["pending:a1", "executed:a1"], plane.Ledger);
    }

    [Fact(Timeout = 20_000)]
    public async Task Denied_RunsNothing_RecordsDenied_AndTellsTheModelWhy()
    {
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(plane);
        await plane.WaitForAckAsync(plane.SetMode(ControlScope.ForTool("support", "issue_refund"), ControlMode.Approval));
        var runs = 0;

        var call = guard.ExecuteAsync(GuardFixture.Refund("d1"), _ => Task.FromResult(Interlocked.Increment(ref runs)), TestContext.Current.CancellationToken);
        plane.Decide((await plane.NextApprovalAsync()).Id, ApprovalStatus.Denied, "customer already refunded");
        var denied = await Assert.ThrowsAsync<ToolDeniedException>(() => call);

        Assert.Equal(0, runs);
        Assert.Contains("customer already refunded", denied.Message, StringComparison.Ordinal);
        await GuardFixture.EventuallyAsync(() => plane.Ledger.Contains("denied:d1"));
        Assert.DoesNotContain("pending:d1", plane.Ledger);
    }

    [Fact(Timeout = 20_000)]
    public async Task ChangedArguments_NeedANewApproval()
    {
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(plane);
        await plane.WaitForAckAsync(plane.SetMode(ControlScope.ForTool("support", "issue_refund"), ControlMode.Approval));
        var amounts = new List<decimal>();

        var first = guard.ExecuteAsync(GuardFixture.Refund("c1", 10m), _ => Task.FromResult(0), TestContext.Current.CancellationToken);
        var firstApproval = await plane.NextApprovalAsync();
        plane.Decide(firstApproval.Id, ApprovalStatus.Approved);
        await first;
        var second = guard.ExecuteAsync(GuardFixture.Refund("c2", 500m), _ => Task.FromResult(0), TestContext.Current.CancellationToken);
        var secondApproval = await plane.NextApprovalAsync();
        plane.Decide(secondApproval.Id, ApprovalStatus.Denied);

        await Assert.ThrowsAsync<ToolDeniedException>(() => second);
        Assert.NotEqual(firstApproval.Id, secondApproval.Id);
        Assert.NotEqual(firstApproval.ArgumentsDigest, secondApproval.ArgumentsDigest);
        Assert.Equal(500m, secondApproval.Arguments.GetProperty("amount").GetDecimal());
    }

    [Fact(Timeout = 20_000)]
    public async Task NoDecisionWithinTheTimeout_IsDenied()
    {
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(plane, approvalTimeout: TimeSpan.FromMilliseconds(300));
        await plane.WaitForAckAsync(plane.SetMode(ControlScope.ForTool("support", "issue_refund"), ControlMode.Approval));

        var denied = await Assert.ThrowsAsync<ToolDeniedException>(() => guard.ExecuteAsync(GuardFixture.Refund("t1"), _ => Task.FromResult(0), TestContext.Current.CancellationToken));

        Assert.Equal(ApprovalStatus.Pending, denied.Approval.Status);
        Assert.Contains("in time", denied.Message, StringComparison.Ordinal);
    }
}
