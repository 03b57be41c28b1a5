using SupportDesk.Agent;
using SupportDesk.Agent.Desk;
using SupportDesk.Agent.Model;
using SupportDesk.Agent.Processing;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Agent;

/// <summary>The pause between tickets is where an operator stops the agent: cancelling there leaves the rest untouched.</summary>
public sealed class StopMidStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cancelling_BetweenTickets_StopsBeforeTheNextTicket()
    {
        await using var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", "5"], Ct);
        using var http = backend.Client();
        var desk = new DeskClient(http);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var log = new CancelOnFirstLine(stop);
        var processor = new TicketProcessor(new SupportAgent(new ScriptedChatClient(), desk, SupportPrompts.Faulty), desk, TimeProvider.System, log);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => processor.ProcessAsync(5, TimeSpan.FromSeconds(30), stop.Token));

        var counters = await http.CountersAsync(Ct);
        Assert.Equal((1, 1), (counters.Refunds, counters.TicketsClosed));
        Assert.Equal("t-2", (await desk.NextTicketAsync(Ct))?.Id);
    }

    /// <summary>An operator who presses stop as soon as the first ticket is logged.</summary>
    private sealed class CancelOnFirstLine(CancellationTokenSource stop) : StringWriter
    {
        public override Task WriteLineAsync(string? value)
        {
            stop.Cancel();
            return base.WriteLineAsync(value);
        }
    }
}
