using Firebreak.Ledger;

namespace Firebreak.Cli.Tests.Commands;

public sealed class LedgerCommandTests
{
    private static readonly string[] Verify = ["ledger", "verify", "--api-key", "k"];

    [Fact]
    public async Task IntactLedger_ExitsWithSuccess()
    {
        var handler = new CannedHandler().Json("/api/v1/ledger/verify", new LedgerVerification(true, 3, null, null, null));

        var run = await CliRun.RunAsync(Verify, handler);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("OK: 3 entries checked", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task BrokenLedger_ExitsWithFinding()
    {
        var handler = new CannedHandler().Json("/api/v1/ledger/verify", new LedgerVerification(false, 7, 7, "content does not match its hash", null));

        var run = await CliRun.RunAsync(Verify, handler);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("BROKEN at seq 7: content does not match its hash", run.Output, StringComparison.Ordinal);
    }
}
