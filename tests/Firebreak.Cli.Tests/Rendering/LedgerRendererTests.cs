using Firebreak.Cli.Rendering;
using Firebreak.Ledger;

namespace Firebreak.Cli.Tests.Rendering;

public sealed class LedgerRendererTests
{
    private static string Render(LedgerVerification verification)
    {
        using var console = new CapturedConsole();
        LedgerRenderer.Render(console.Console, verification);
        return console.Output.TrimEnd();
    }

    [Fact]
    public void IntactChain_SaysOkWithEntriesChecked()
    {
        Assert.Equal("OK: 1204 entries checked; the hash chain is intact.", Render(new LedgerVerification(true, 1204, null, null, null)));
    }

    [Fact]
    public void IntactChainAfterRetention_NamesTheCheckpoint()
    {
        Assert.Equal(
            "OK: 10 entries checked, starting after checkpoint seq 500; the hash chain is intact.",
            Render(new LedgerVerification(true, 10, null, null, 500)));
    }

    [Fact]
    public void BrokenChain_NamesFirstBrokenSeqAndReason()
    {
        Assert.Equal(
            "BROKEN at seq 42: content does not match its hash (42 entries checked).",
            Render(new LedgerVerification(false, 42, 42, "content does not match its hash", null)));
    }
}
