using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Control;
using Microsoft.Extensions.AI;

namespace Firebreak.Client.Tests.AI;

public sealed class FirebreakToolExtensionsTests
{
    private static ChatResponse RefundCall() => new(new ChatMessage(ChatRole.Assistant, [
        new FunctionCallContent("call-1", "issue_refund", new Dictionary<string, object?> { ["customer"] = "47", ["amount"] = 10 }),
    ]));

    private static ChatResponse Text(string text) => new(new ChatMessage(ChatRole.Assistant, text));

    [Fact(Timeout = 30_000)]
    public async Task FunctionInvokingChatClient_RoutesToolCallsThroughTheGuard()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        var refunds = new List<decimal>();
        AITool[] tools = [AIFunctionFactory.Create((string customer, decimal amount) => { refunds.Add(amount); return "refunded"; }, "issue_refund")];
        var model = new ScriptedChatClient(RefundCall(), Text("Done."));
        using var client = new FunctionInvokingChatClient(model);

        var response = await client.GetResponseAsync(
            "refund customer 47",
            new ChatOptions { Tools = tools.WithFirebreak(guard, new FirebreakRunContext("run-1", "corr-1")) },
            TestContext.Current.CancellationToken);

        Assert.Equal("Done.", response.Text);
        Assert.Equal([10m], refunds);
        await GuardFixture.EventuallyAsync(async () => (await server.LedgerAsync()).Count == 2);
        Assert.Equal(["pending:run-1:call-1", "executed:run-1:call-1"], await server.LedgerAsync());
        var action = (await server.ActionAsync("run-1:call-1"))!;
        Assert.Equal("run-1", action.RunId);
        Assert.Equal("corr-1", action.CorrelationId);
        Assert.Equal("47", action.Arguments.GetProperty("customer").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task Kill_ReturnsTheReasonToTheModel_AndEndsTheToolLoop()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        await server.StartRunAsync("run-2");
        await server.SetModeAsync(ControlScope.ForAgent("support"), ControlMode.Killed, "refund storm");
        var refunds = 0;
        AITool[] tools = [AIFunctionFactory.Create((string customer, decimal amount) => ++refunds, "issue_refund")];
        var model = new ScriptedChatClient(RefundCall(), Text("Done."));
        using var client = new FunctionInvokingChatClient(model);

        var response = await client.GetResponseAsync(
            "refund customer 47",
            new ChatOptions { Tools = tools.WithFirebreak(guard, new FirebreakRunContext("run-2")) },
            TestContext.Current.CancellationToken);

        Assert.Equal(0, refunds);
        Assert.Single(model.Requests);
        var result = response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        Assert.Contains("refund storm", Assert.IsType<string>(result.Result), StringComparison.Ordinal);
        await GuardFixture.EventuallyAsync(async () => (await server.LedgerAsync("run-2")).Contains("blocked:run-2:call-1"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Shadow_GivesTheModelTheSimulatedResult()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        await server.StartRunAsync("run-3");
        await server.SetModeAsync(ControlScope.ForTool("support", "issue_refund"), ControlMode.Shadow);
        var refunds = 0;
        AITool[] tools = [AIFunctionFactory.Create((string customer, decimal amount) => ++refunds, "issue_refund")];
        var model = new ScriptedChatClient(RefundCall(), Text("Done."));
        using var client = new FunctionInvokingChatClient(model);

        await client.GetResponseAsync("refund", new ChatOptions { Tools = tools.WithFirebreak(guard, new FirebreakRunContext("run-3")) }, TestContext.Current.CancellationToken);

        Assert.Equal(0, refunds);
        var sent = model.Requests[1].SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        Assert.Contains("shadowed", sent.Result?.ToString(), StringComparison.Ordinal);
        await GuardFixture.EventuallyAsync(async () => (await server.LedgerAsync("run-3")).Count == 1);
        Assert.Equal(["shadowed:run-3:call-1"], await server.LedgerAsync("run-3"));
    }
}
