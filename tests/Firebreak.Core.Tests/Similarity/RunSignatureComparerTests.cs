using Firebreak.Incidents;
using Firebreak.Ledger;
using Firebreak.Similarity;

namespace Firebreak.Core.Tests.Similarity;

public sealed class RunSignatureComparerTests
{
    private static readonly RunSignature Storm = RunSignatureTests.Storm(40m, 1042);

    [Fact]
    public void Weights_SumToOne()
    {
        Assert.Equal(1.0, RunSignatureComparer.Weights.Sum(w => w.Weight), 9);
    }

    [Fact]
    public void Compare_SameSignature_IsExactlyOne_AndEverythingMatched()
    {
        var similarity = RunSignatureComparer.Compare(Storm, RunSignatureTests.Storm(12m, 7));

        Assert.Equal((1.0, true), (similarity.Score, similarity.SameSignature));
        Assert.Equal(["agent", "tool-sequence", "argument-shapes", "failure-class", "guardrails", "outcome"], similarity.Matched);
    }

    [Fact]
    public void Compare_DifferentOutcomeOnly_LosesTheOutcomeWeight()
    {
        var killed = Storm with { Outcome = RunStatus.Killed };

        var similarity = RunSignatureComparer.Compare(Storm, killed);

        Assert.Equal((0.95, false), (similarity.Score, similarity.SameSignature));
        Assert.DoesNotContain("outcome", similarity.Matched);
    }

    [Fact]
    public void Compare_IsSymmetric_AndOrderOfToolsMatters()
    {
        var reordered = Storm with { Tools = ["issue_refund", "lookup_ticket", "close_ticket"] };

        var forth = RunSignatureComparer.Compare(Storm, reordered);
        var back = RunSignatureComparer.Compare(reordered, Storm);

        Assert.Equal(forth.Score, back.Score);
        // Only close>$ is shared of seven bigrams.
        Assert.Equal(0.1429, forth.Parts.Single(p => p.Name == "tool-sequence").Score);
        Assert.Equal(1.0, forth.Parts.Single(p => p.Name == "argument-shapes").Score);
    }

    [Fact]
    public void Compare_PartialToolOverlap_ScoresTheSharedBigrams()
    {
        // ^>lookup, lookup>refund, refund>close, close>$ against ^>lookup, lookup>reply, reply>close, close>$: 2 shared of 6.
        var left = new RunSignature("a", ["lookup", "refund", "close"], [], null, [], RunStatus.Completed);
        var right = new RunSignature("a", ["lookup", "reply", "close"], [], null, [], RunStatus.Completed);

        var similarity = RunSignatureComparer.Compare(left, right);

        Assert.Equal(0.3333, similarity.Parts.Single(p => p.Name == "tool-sequence").Score);
        Assert.Equal(Math.Round(0.65 + (0.35 / 3), 4), similarity.Score);
    }

    [Fact]
    public void Compare_NothingShared_IsZero()
    {
        var left = new RunSignature("a", ["x"], ["x $:object"], FailureClass.Other, ["pii/pii/flag"], RunStatus.Failed);
        var right = new RunSignature("b", ["y"], ["y $:array"], null, ["injection/injection/block"], RunStatus.Completed);

        var similarity = RunSignatureComparer.Compare(left, right);

        Assert.Equal(0.0, similarity.Score);
        Assert.Empty(similarity.Matched);
    }

    [Fact]
    public void Compare_NearlyEqualButDifferent_StaysBelowOne()
    {
        var shapes = Enumerable.Range(0, 10_000).Select(i => $"t $.k{i:D5}:number").ToArray();
        var left = new RunSignature("a", ["t"], shapes, null, [], RunStatus.Completed);
        var right = left with { Shapes = [.. shapes.Skip(1)] };

        Assert.Equal(0.9999, RunSignatureComparer.Compare(left, right).Score);
    }
}
