using System.Net;
using SupportDesk.Agent;
using SupportDesk.Agent.Desk;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Backend;

/// <summary>With a state file, everything the backend acknowledged survives a SIGKILL and a restart.</summary>
public sealed class PersistenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StateSurvivesAKilledBackend_WithoutSeedingTwice()
    {
        using var directory = new TempDirectory("supportdesk-tests");
        string[] arguments = ["--seed-tickets", "4", "--state-file", directory.File("desk.json")];
        Counters before;
        DeskRefund refund;
        await using (var backend = await ServiceProcess.StartBackendAsync(arguments, Ct))
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exitCode = await AgentCli.RunAsync(["--backend", backend.Address.ToString(), "process", "--tickets", "3", "--delay-ms", "0"], output, error, Ct);
            Assert.True(exitCode == 0, error.ToString());
            using var client = backend.Client();
            using var issued = await client.PostAsync("/refunds", new { orderId = "o-4", amount = 5m, currency = "USD" }, "before-crash", Ct);
            refund = await issued.ReadAsync<DeskRefund>(Ct);
            before = await client.CountersAsync(Ct);
            await backend.KillAsync(TestContext.Current.CancellationToken);
        }

        await using var restarted = await ServiceProcess.StartBackendAsync(arguments, Ct);
        using var after = restarted.Client();

        Assert.Equal(before, await after.CountersAsync(Ct));
        Assert.Equal(new Counters(Refunds: 2, RefundedAmount: 85m, Reversals: 0, EmailsSent: 3, TicketsClosed: 3, TicketsReopened: 0), before);
        // The queue resumes where it stopped, and the idempotency keys are remembered.
        using var next = await after.GetAsync(new Uri("/queue/next", UriKind.Relative), Ct);
        Assert.Equal("t-4", (await next.ReadAsync<DeskTicket>(Ct)).Id);
        using var empty = await after.GetAsync(new Uri("/queue/next", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        using var replayed = await after.PostAsync("/refunds", new { orderId = "o-4", amount = 5m, currency = "USD" }, "before-crash", Ct);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(refund, await replayed.ReadAsync<DeskRefund>(Ct));
    }
}
