using System.Net;
using System.Text.Json;
using Firebreak.Auth;
using Firebreak.Client;
using Firebreak.Ledger;
using SupportDesk.Agent.Tools;

namespace SupportDesk.Tests.Guard;

/// <summary>
/// A kill that lands between the guard's local decision and its <c>pending</c> record, against the real server: the
/// server refuses the record from its own snapshot, and the guard takes the refusal as a block and never runs the tool.
/// </summary>
[Collection(OneDeskAtATime.Name)]
public sealed class KillRaceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AKillThatLandsAsTheGuardRecordsPending_IsRefusedByTheServer_AndTheRefundNeverRuns()
    {
        await using var desk = await GuardedDesk.StartAsync(0, Ct);
        var key = await desk.Operator.CreateApiKeyAsync(new CreateApiKeyRequest("support-race", ApiKeyRole.Agent, GuardedDesk.AgentId), Ct);
        using var handler = new KillBeforeRecordingHandler(desk.Operator, GuardedDesk.AgentId);
        using var http = new HttpClient(handler) { BaseAddress = desk.ServerAddress, Timeout = Timeout.InfiniteTimeSpan };
        var ran = false;
        var guard = await AgentGuard.StartAsync(new AgentGuardOptions { HttpClient = http, ApiKey = key.Key, AgentId = GuardedDesk.AgentId }, Ct);
        Exception? refused;
        try
        {
            refused = await Record.ExceptionAsync(() => guard.ExecuteAsync(
                new ToolCall(SupportToolNames.IssueRefund, JsonSerializer.SerializeToElement(new { orderId = "o-race", amount = 40 }), "race-1"),
                _ =>
                {
                    ran = true;
                    return Task.FromResult(40);
                },
                Ct));
        }
        finally
        {
            // Disposing flushes the guard's queued records, the blocked one among them.
            await guard.DisposeAsync();
        }

        Assert.IsType<ToolBlockedException>(refused);
        Assert.False(ran);
        Assert.Equal(HttpStatusCode.Conflict, handler.AnswerAfterKill);
        var recorded = await desk.Operator.ListActionsAsync(GuardedDesk.AgentId, limit: 10, cancellationToken: Ct);
        var race = Assert.Single(recorded, a => a.IdempotencyKey == "race-1");
        Assert.Equal(ActionOutcome.Blocked, race.Outcome);
    }
}
