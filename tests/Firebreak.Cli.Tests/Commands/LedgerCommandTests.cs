using Firebreak.Cli.Commands;
using Firebreak.Ledger;

namespace Firebreak.Cli.Tests.Commands;

public sealed class LedgerCommandTests
{
    [Fact]
    public void IntactLedger_ExitsWithSuccess()
    {
        Assert.Equal(ExitCodes.Success, LedgerCommand.ExitCodeFor(new LedgerVerification(true, 3, null, null, null)));
    }

    [Fact]
    public void BrokenLedger_ExitsWithOne()
    {
        Assert.Equal(1, LedgerCommand.ExitCodeFor(new LedgerVerification(false, 7, 7, "content does not match its hash", null)));
    }
}
