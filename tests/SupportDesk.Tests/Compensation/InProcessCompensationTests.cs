using System.Collections.Concurrent;
using System.Text.Json;
using Firebreak.Auth;
using Firebreak.Client;
using Firebreak.Compensation;
using Firebreak.Ledger;
using Firebreak.Registry;
using SupportDesk.Tests.Guard;

namespace SupportDesk.Tests.Compensation;

/// <summary>
/// In-process compensators through the SDK, against a real server process: the agent's process registers the inverse
/// of a tool in code, a compensation run dispatches each action to it with the derived idempotency key, the process
/// reports each done or failed, and the server's state machine moves each item exactly once.
/// </summary>
public sealed class InProcessCompensationTests
{
    private const string AgentId = "ledger-keeper";
    private const string Tool = "credit_account";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARunDispatchesEachActionToTheRegisteringProcess_WhichUndoesItOnceWithTheDerivedKey_AndAFailureIsRetried()
    {
        await using var desk = await GuardedDesk.StartAsync(0, Ct);
        await desk.Operator.PutAgentAsync(
            new AgentDefinition(AgentId, "finance", null, [new ToolDefinition(Tool, RiskClass.Financial, Compensation: new ToolCompensation(InProcess: new InProcessCompensator("debit the credit back")))]),
            Ct);
        var key = await desk.Operator.CreateApiKeyAsync(new CreateApiKeyRequest("ledger-keeper-e2e", ApiKeyRole.Agent, AgentId), Ct);
        await using var guard = await AgentGuard.StartAsync(
            new AgentGuardOptions { ServerUrl = desk.ServerAddress, ApiKey = key.Key, AgentId = AgentId, CompensationPollInterval = TimeSpan.FromMilliseconds(100) }, Ct);

        string[] credits = ["credit-1", "credit-2", "credit-3"];
        foreach (var credit in credits)
        {
            await guard.Client.RecordActionAsync(
                new RecordActionRequest(AgentId, credit, Tool, JsonSerializer.SerializeToElement(new { account = credit, amount = 25 }), ActionOutcome.Executed, Amount: 25m, Currency: "USD"),
                Ct);
        }

        // The system the compensator changes: it honours the key, so a repeated delivery has no second effect.
        var debits = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var calls = new ConcurrentQueue<string>();
        var failedOnce = 0;
        guard.Compensators.Register(Tool, (action, idempotencyKey, _) =>
        {
            calls.Enqueue(idempotencyKey);
            if (action.IdempotencyKey == "credit-2" && Interlocked.Exchange(ref failedOnce, 1) == 0)
            {
                throw new InvalidOperationException("ledger briefly unavailable");
            }

            debits.TryAdd(idempotencyKey, action.IdempotencyKey);
            return Task.CompletedTask;
        });

        var plan = await desk.Operator.PlanCompensationAsync(new CompensationPlanRequest(new BlastRadiusSelection(Agents: [AgentId])), Ct);
        await Task.Delay(300, Ct);
        var callsBeforeApproval = calls.Count;
        await desk.Operator.ApproveCompensationAsync(plan.Run.Id, Ct);
        await desk.Operator.ExecuteCompensationAsync(plan.Run.Id, Ct);
        var done = await CompensationEndToEndTests.WaitForCompletionAsync(desk.Operator, plan.Run.Id);
        var repeated = await guard.Client.ReportCompensationAsync(AgentId, done.Items[0].ActionSeq, new CompensationReport(false, "a late second report"), Ct);
        var leftOver = await guard.Compensators.RunPendingAsync(Ct);
        var after = await desk.Operator.GetCompensationAsync(plan.Run.Id, Ct);

        Assert.All(plan.Items, i => Assert.Equal((CompensationKind.InProcess, CompensationItemState.Planned), (i.Kind, i.State)));
        Assert.Equal(0, callsBeforeApproval);
        Assert.Empty(done.Failed);
        Assert.All(done.Items, i => Assert.Equal(CompensationItemState.Done, i.State));
        Assert.Equal(credits.Select(c => CompensationKey.For(AgentId, c)).Order(StringComparer.Ordinal), debits.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(4, calls.Count);
        Assert.Equal(2, done.Items.Single(i => i.IdempotencyKey == "credit-2").Attempts);
        Assert.All(done.Items.Where(i => i.IdempotencyKey != "credit-2"), i => Assert.Equal(1, i.Attempts));
        Assert.Equal(CompensationItemState.Done, repeated);
        Assert.Equal(0, leftOver);
        Assert.Equal(CompensationItemState.Done, after.Items[0].State);
        Assert.Null(after.Items[0].Error);
    }
}
