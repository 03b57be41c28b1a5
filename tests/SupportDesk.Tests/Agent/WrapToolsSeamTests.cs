using Microsoft.Extensions.AI;
using SupportDesk.Agent;
using SupportDesk.Agent.Desk;
using SupportDesk.Agent.Model;

namespace SupportDesk.Tests.Agent;

/// <summary>The seam where the Firebreak guard plugs in: every tool invocation must go through what wrapTools returns.</summary>
public sealed class WrapToolsSeamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WrapTools_SeesTheFourRegistryTools_AndEveryInvocationGoesThroughTheWrappers()
    {
        await using var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", "3"], Ct);
        using var http = backend.Client();
        var desk = new DeskClient(http);
        var offered = new List<string>();
        var invoked = new List<string>();
        var agent = new SupportAgent(new ScriptedChatClient(), desk, SupportPrompts.Normal, tools =>
        {
            offered.AddRange(tools.Select(t => t.Name));
            return [.. tools.Cast<AIFunction>().Select(f => new RecordingFunction(f, invoked))];
        });

        var ticket = await desk.NextTicketAsync(Ct);
        while (ticket?.Id != "t-3")
        {
            ticket = await desk.NextTicketAsync(Ct);
        }

        var answer = await agent.RunAsync(ticket, "run-seam", Ct);

        Assert.Equal(["lookup_order", "issue_refund", "send_email", "close_ticket"], offered);
        Assert.Equal(["lookup_order", "issue_refund", "send_email", "close_ticket"], invoked);
        Assert.Equal("Ticket t-3 closed: refunded 80 USD.", answer);
    }

    private sealed class RecordingFunction(AIFunction inner, List<string> invoked) : DelegatingAIFunction(inner)
    {
        protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            invoked.Add(Name);
            return base.InvokeCoreAsync(arguments, cancellationToken);
        }
    }
}
