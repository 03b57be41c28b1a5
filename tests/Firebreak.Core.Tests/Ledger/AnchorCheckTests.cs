using Firebreak.Ledger;

namespace Firebreak.Core.Tests.Ledger;

public sealed class AnchorCheckTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    // seq, anchored hash, pruned through at anchoring, checkpoint seq, checkpoint signed, entries 6..10 present up to, expected status, first bad seq
    [InlineData(8, "h8", 0, 5, true, 10, AnchorStatus.Matches, null)]
    [InlineData(8, "forged", 0, 5, true, 10, AnchorStatus.Disagrees, 8L)]
    [InlineData(3, "h3", 0, 5, true, 10, AnchorStatus.Pruned, null)]
    [InlineData(5, "h5", 0, 5, true, 10, AnchorStatus.Matches, null)]
    [InlineData(3, "h3", 0, 5, false, 10, AnchorStatus.Missing, 1L)]
    [InlineData(8, "h8", 0, 5, false, 10, AnchorStatus.Missing, 1L)]
    [InlineData(8, "h8", 5, 5, false, 10, AnchorStatus.Matches, null)]
    [InlineData(9, "h9", 0, 5, true, 7, AnchorStatus.Missing, 8L)]
    [InlineData(0, LedgerChain.Genesis, 0, 5, false, 10, AnchorStatus.Matches, null)]
    public void EachAnchor_IsJudgedAgainstTheEntriesAndTheCheckpoint(
        long seq, string hash, long prunedThrough, long checkpointSeq, bool checkpointSigned, long lastEntry, AnchorStatus status, long? firstBad)
    {
        var check = new AnchorCheck([(Anchor(seq, hash, prunedThrough), true)], checkpointSeq, "h" + checkpointSeq, checkpointSigned);
        for (var s = checkpointSeq + 1; s <= lastEntry; s++)
        {
            check.Accept(s, "h" + s);
        }

        var result = Assert.Single(check.Finish(lastEntry));

        Assert.Equal((status, firstBad), (result.Status, result.FirstBadSeq));
    }

    [Fact]
    public void AnAnchorWhoseSignatureFailed_IsReportedAsSuch_AndNotCompared()
    {
        var check = new AnchorCheck([(Anchor(2, "h2", 0), false)], 0, null, checkpointSigned: false);
        check.Accept(1, "h1");
        check.Accept(2, "h2");

        Assert.Equal(AnchorStatus.BadSignature, Assert.Single(check.Finish(2)).Status);
    }

    [Fact]
    public void AGapAtAnAnchoredSequence_IsMissing()
    {
        var check = new AnchorCheck([(Anchor(2, "h2", 0), true)], 0, null, checkpointSigned: false);
        check.Accept(1, "h1");
        check.Accept(3, "h3");

        Assert.Equal((AnchorStatus.Missing, (long?)2), Assert.Single(check.Finish(3)) is var r ? (r.Status, r.FirstBadSeq) : default);
    }

    private static LedgerAnchor Anchor(long seq, string hash, long prunedThrough) => new(seq, hash, At, prunedThrough, "key", "signature");
}
