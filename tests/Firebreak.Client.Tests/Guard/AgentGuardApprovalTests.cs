using Firebreak.Approvals;
using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Control;

namespace Firebreak.Client.Tests.Guard;

public sealed class AgentGuardApprovalTests
{
    [Fact(Timeout = 30_000)]
    public async Task Approved_RunsOnceUnderTheSameIdempotencyKey()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        var epoch = (await server.SetModeAsync(ControlScope.ForTool("support", "issue_refund"), ControlMode.Approval)).Epoch;
        var runs = 0;

        var call = guard.ExecuteAsync(GuardFixture.Refund("a1"), _ => Task.FromResult(Interlocked.Increment(ref runs)), TestContext.Current.CancellationToken);
        var approval = await server.NextApprovalAsync();
        Assert.Equal(0, runs);
        Assert.Equal("a1", approval.IdempotencyKey);
        Assert.Equal(epoch, approval.ControlEpoch);
        await server.Operator.ApproveAsync(approval.Id, cancellationToken: TestContext.Current.CancellationToken);
        var result = await call;

        Assert.Equal(1, runs);
        Assert.Equal(1, result.Value);
        await GuardFixture.EventuallyAsync(async () => (await server.LedgerAsync()).Count == 2);
        Assert.Equal(["pending:a1", "executed:a1"], await server.LedgerAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task Denied_RunsNothing_RecordsDenied_AndTellsTheModelWhy()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        await server.SetModeAsync(ControlScope.ForTool("support", "issue_refund"), ControlMode.Approval);
        var runs = 0;

        var call = guard.ExecuteAsync(GuardFixture.Refund("d1"), _ => Task.FromResult(Interlocked.Increment(ref runs)), TestContext.Current.CancellationToken);
        await server.Operator.DenyAsync((await server.NextApprovalAsync()).Id, new ApprovalDecisionRequest("customer already refunded"), TestContext.Current.CancellationToken);
        var denied = await Assert.ThrowsAsync<ToolDeniedException>(() => call);

        Assert.Equal(0, runs);
        Assert.Contains("customer already refunded", denied.Message, StringComparison.Ordinal);
        await GuardFixture.EventuallyAsync(async () => (await server.LedgerAsync()).Contains("denied:d1"));
        Assert.DoesNotContain("pending:d1", await server.LedgerAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task ChangedArguments_NeedANewApproval()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        await server.SetModeAsync(ControlScope.ForTool("support", "issue_refund"), ControlMode.Approval);

        var first = guard.ExecuteAsync(GuardFixture.Refund("c1", 10m), _ => Task.FromResult(0), TestContext.Current.CancellationToken);
        var firstApproval = await server.NextApprovalAsync();
        await server.Operator.ApproveAsync(firstApproval.Id, cancellationToken: TestContext.Current.CancellationToken);
        await first;
        var second = guard.ExecuteAsync(GuardFixture.Refund("c2", 500m), _ => Task.FromResult(0), TestContext.Current.CancellationToken);
        var secondApproval = await server.NextApprovalAsync();
        await server.Operator.DenyAsync(secondApproval.Id, cancellationToken: TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<ToolDeniedException>(() => second);
        Assert.NotEqual(firstApproval.Id, secondApproval.Id);
        Assert.NotEqual(firstApproval.ArgumentsDigest, secondApproval.ArgumentsDigest);
        Assert.Equal(500m, secondApproval.Arguments.GetProperty("amount").GetDecimal());
    }

    [Fact(Timeout = 30_000)]
    public async Task NoDecisionWithinTheTimeout_IsDenied()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server, approvalTimeout: TimeSpan.FromMilliseconds(300));
        await server.SetModeAsync(ControlScope.ForTool("support", "issue_refund"), ControlMode.Approval);

        var denied = await Assert.ThrowsAsync<ToolDeniedException>(() => guard.ExecuteAsync(GuardFixture.Refund("t1"), _ => Task.FromResult(0), TestContext.Current.CancellationToken));

        Assert.Equal(ApprovalStatus.Pending, denied.Approval.Status);
        Assert.Contains("in time", denied.Message, StringComparison.Ordinal);
    }
}
