using Firebreak.Cli.Commands;
using Firebreak.Ledger;

namespace Firebreak.Cli.Tests.Commands;

public sealed class LedgerCommandTests
{
    private static readonly LedgerVerification Intact = new(true, 3, null, null, null);

    [Fact]
    public void IntactLedger_ExitsWithSuccess()
    {
        Assert.Equal(ExitCodes.Success, LedgerCommand.ExitCodeFor(new LedgerAudit(true, Intact, null, [], null, 3, [], 0)));
    }

    [Fact]
    public void BrokenLedger_ExitsWithOne()
    {
        var broken = new LedgerVerification(false, 7, 7, "content does not match its hash", null);
        Assert.Equal(1, LedgerCommand.ExitCodeFor(new LedgerAudit(false, broken, null, [], 7, 3, [], 0)));
    }

    [Fact]
    public void AnIntactChainWithADerivedRowChangedByHand_ExitsWithOne()
    {
        var audit = new LedgerAudit(false, Intact, null, [], null, 3, [new DerivedMismatch("actions.outcome", "2", "failed", "executed")], 1);
        Assert.Equal(1, LedgerCommand.ExitCodeFor(audit));
    }
}
