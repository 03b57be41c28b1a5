using Microsoft.Extensions.AI;
using SupportDesk.Agent;
using SupportDesk.Agent.Desk;
using SupportDesk.Agent.Model;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Agent;

/// <summary>The looping release of the tool-loop game day: its prompt makes the scripted model look the same order up again and again.</summary>
public sealed class LoopingReleaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LoopingPrompt_LooksTheSameOrderUpUntilTheStepBudgetRunsOut_AndActsOnNothing()
    {
        await using var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", "3"], Ct);
        using var http = backend.Client();
        var desk = new DeskClient(http);
        var invoked = new List<string>();
        var prompt = LoopingPrompt();
        var agent = new SupportAgent(new ScriptedChatClient(), desk, prompt, tools =>
            [.. tools.Cast<AIFunction>().Select(f => new CountingFunction(f, invoked))]);
        var ticket = await desk.NextTicketAsync(Ct);

        await agent.RunAsync(ticket!, "run-loop", Ct);

        Assert.True(invoked.Count > 10, $"{invoked.Count} calls");
        Assert.All(invoked, name => Assert.Equal("lookup_order", name));
        Assert.Equal(new Counters(0, 0m, 0, 0, 0, 0), await http.CountersAsync(Ct));
    }

    [Fact]
    public async Task NormalPrompt_LooksTheOrderUpOnce()
    {
        await using var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", "3"], Ct);
        using var http = backend.Client();
        var desk = new DeskClient(http);
        var invoked = new List<string>();
        var agent = new SupportAgent(new ScriptedChatClient(), desk, SupportPrompts.Normal, tools =>
            [.. tools.Cast<AIFunction>().Select(f => new CountingFunction(f, invoked))]);

        await agent.RunAsync((await desk.NextTicketAsync(Ct))!, "run-once", Ct);

        Assert.Single(invoked, name => name == "lookup_order");
    }

    private static string LoopingPrompt()
    {
        var file = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "SupportDesk", "releases", "looping.yaml"));
        var line = file.Split('\n').Single(l => l.TrimStart().StartsWith("system:", StringComparison.Ordinal));
        return line[(line.IndexOf('"', StringComparison.Ordinal) + 1)..line.LastIndexOf('"')];
    }

    private sealed class CountingFunction(AIFunction inner, List<string> invoked) : DelegatingAIFunction(inner)
    {
        protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            invoked.Add(Name);
            return base.InvokeCoreAsync(arguments, cancellationToken);
        }
    }
}
