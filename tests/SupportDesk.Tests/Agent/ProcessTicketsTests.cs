using SupportDesk.Agent;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Agent;

/// <summary><c>process --tickets N</c> in-process against the real backend process, as a demo runs it.</summary>
public sealed class ProcessTicketsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Normal_TenTickets_RefundsOnlyDamagedOrders()
    {
        await using var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", "10"], Ct);

        var (exitCode, output) = await ProcessAsync(backend, "normal", tickets: 10);

        Assert.Equal(0, exitCode);
        Assert.Equal(10, output.Split('\n').Count(l => l.StartsWith("ticket=", StringComparison.Ordinal)));
        using var client = backend.Client();
        // Seeds 3, 6 and 9 are damaged items (80, 60 and 90 USD); 2, 5 and 8 ask a refund the policy does not cover.
        Assert.Equal(new Counters(Refunds: 3, RefundedAmount: 230m, Reversals: 0, EmailsSent: 10, TicketsClosed: 10, TicketsReopened: 0), await client.CountersAsync(Ct));
    }

    [Fact]
    public async Task Faulty_RefundsFortyDollarsOnEveryTicket()
    {
        await using var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", "10"], Ct);

        var (exitCode, _) = await ProcessAsync(backend, "faulty", tickets: 10);

        Assert.Equal(0, exitCode);
        using var client = backend.Client();
        Assert.Equal(new Counters(Refunds: 10, RefundedAmount: 400m, Reversals: 0, EmailsSent: 10, TicketsClosed: 10, TicketsReopened: 0), await client.CountersAsync(Ct));
    }

    [Fact]
    public async Task Process_StopsWhenTheQueueRunsDry()
    {
        await using var backend = await ServiceProcess.StartBackendAsync(["--seed-tickets", "2"], Ct);

        var (exitCode, output) = await ProcessAsync(backend, "normal", tickets: 5);

        Assert.Equal(0, exitCode);
        Assert.Contains("queue empty after 2 ticket(s)", output, StringComparison.Ordinal);
        using var client = backend.Client();
        Assert.Equal(2, (await client.CountersAsync(Ct)).TicketsClosed);
    }

    [Fact]
    public async Task Process_ReportsAnUnreachableBackend()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await AgentCli.RunAsync(["--backend", "http://127.0.0.1:9", "process", "--tickets", "1"], output, error, Ct);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("backend:", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> ProcessAsync(ServiceProcess backend, string behaviour, int tickets)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await AgentCli.RunAsync(
            ["--backend", backend.Address.ToString(), "--behaviour", behaviour, "process", "--tickets", tickets.ToString(System.Globalization.CultureInfo.InvariantCulture), "--delay-ms", "0"],
            output,
            error,
            Ct);
        Assert.True(exitCode == 0, $"exit {exitCode}: {error}\n{backend.Output}");
        return (exitCode, output.ToString());
    }
}
