using Firebreak.Ledger;
using Firebreak.Similarity;

namespace Firebreak.Core.Tests.Similarity;

public sealed class SignatureBandsTests
{
    [Fact]
    public void Of_IsStable_PinnedSoAChangeOfHashingIsSeen()
    {
        var signature = new RunSignature("support", ["lookup"], ["lookup $:object"], null, [], RunStatus.Completed);

        var bands = SignatureBands.Of(signature);

        Assert.Equal(SignatureBands.Count, bands.Length);
        Assert.Equal(bands, SignatureBands.Of(RunSignature.Parse(signature.Canonical())));
        Assert.Equal(SignatureBands.Count, bands.Distinct().Count());
        Assert.Equal(StableBands, bands);
    }

    [Fact]
    public void Of_EqualSignatures_ShareEveryBand()
    {
        Assert.Equal(SignatureBands.Of(RunSignatureTests.Storm(40m, 1)), SignatureBands.Of(RunSignatureTests.Storm(3m, 2)));
    }

    [Fact]
    public void Of_CloseSignatures_ShareABand_DistantOnesRarelyDo()
    {
        var shapes = Enumerable.Range(0, 20).Select(i => $"t $.k{i:D2}:number").ToArray();
        var closeShared = 0;
        var farShared = 0;
        for (var i = 0; i < 100; i++)
        {
            var baseline = new RunSignature($"agent-{i}", ["lookup", "refund", "close"], shapes, null, [], RunStatus.Completed);
            var close = baseline with { Shapes = [.. shapes.Skip(1)] };
            var far = new RunSignature($"other-{i}", [$"x{i}", $"y{i}"], [$"x{i} $:array"], null, [], RunStatus.Failed);
            closeShared += SignatureBands.Of(baseline).Intersect(SignatureBands.Of(close)).Any() ? 1 : 0;
            farShared += SignatureBands.Of(baseline).Intersect(SignatureBands.Of(far)).Any() ? 1 : 0;
        }

        Assert.True(closeShared >= 95, $"{closeShared} of 100 close pairs shared a band.");
        Assert.True(farShared <= 5, $"{farShared} of 100 distant pairs shared a band.");
    }

    [Fact]
    public void Features_NameEveryPart()
    {
        var signature = new RunSignature("a", ["t"], ["t $:object"], Firebreak.Incidents.FailureClass.ToolMisuse, ["pii/pii/flag"], RunStatus.Failed);

        Assert.Equal(["a:a", "o:Failed", "f:tool-misuse", "t:^>t", "t:t>$", "s:t $:object", "g:pii/pii/flag"], SignatureBands.Features(signature));
    }

    private static readonly long[] StableBands = [8979738445426568083, 7735890038820308046, 5127818739936942786, -2618107554293768525, -7054473292268143602, 1839802032898215417, -3144849039270026377, -3612696542083085720];
}
