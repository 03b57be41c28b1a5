using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Ledger;
using Firebreak.Similarity;

namespace Firebreak.Core.Tests.Similarity;

public sealed class RunSignatureTests
{
    internal static RunSignature Storm(decimal amount, int ticket) => new RunSignatureBuilder()
        .AddToolCall("lookup_ticket", JsonSerializer.SerializeToElement(new { ticket }))
        .AddToolCall("issue_refund", JsonSerializer.SerializeToElement(new { ticket, amount }), ActionOutcome.Executed, $"refund-{ticket}")
        .AddToolCall("close_ticket", JsonSerializer.SerializeToElement(new { ticket }))
        .Build("support", RunStatus.Completed);

    [Fact]
    public void Hash_IsTheVersionedSha256OfTheCanonicalEncoding_PinnedSoAChangeIsSeen()
    {
        var signature = new RunSignature("support", ["lookup", "refund"], ["refund $:object"], FailureClass.ToolMisuse, ["pii/pii/flag"], RunStatus.Failed);

        Assert.Equal(
            """{"v":1,"agent":"support","tools":["lookup","refund"],"shapes":["refund $:object"],"failureClass":"tool-misuse","guardrails":["pii/pii/flag"],"outcome":"failed"}""",
            signature.Canonical());
        Assert.Equal("v1:" + Firebreak.Serialization.CanonicalJson.Sha256Hex(signature.Canonical()), signature.Hash);
        Assert.Matches("^v1:[0-9a-f]{64}$", signature.Hash);
    }

    [Fact]
    public void Hash_IsEqualForRunsThatDifferOnlyInValues()
    {
        Assert.Equal(Storm(40m, 1042).Hash, Storm(12.5m, 7).Hash);
        Assert.Equal(Storm(40m, 1042), Storm(12.5m, 7));
    }

    public static TheoryData<RunSignature> Variants => new()
    {
        new RunSignature("billing", ["lookup_ticket", "issue_refund", "close_ticket"], Storm(1, 1).Shapes, null, [], RunStatus.Completed),
        new RunSignature("support", ["issue_refund", "lookup_ticket", "close_ticket"], Storm(1, 1).Shapes, null, [], RunStatus.Completed),
        new RunSignature("support", Storm(1, 1).Tools, [.. Storm(1, 1).Shapes.Skip(1)], null, [], RunStatus.Completed),
        new RunSignature("support", Storm(1, 1).Tools, Storm(1, 1).Shapes, FailureClass.Other, [], RunStatus.Completed),
        new RunSignature("support", Storm(1, 1).Tools, Storm(1, 1).Shapes, null, ["pii/pii/flag"], RunStatus.Completed),
        new RunSignature("support", Storm(1, 1).Tools, Storm(1, 1).Shapes, null, [], RunStatus.Killed),
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Hash_ChangesWithEveryPart(RunSignature variant)
    {
        Assert.NotEqual(Storm(1, 1).Hash, variant.Hash);
        Assert.NotEqual(Storm(1, 1), variant);
    }

    [Fact]
    public void Hash_TellsAListBoundaryFromAnEmbeddedSeparator()
    {
        var one = new RunSignature("a", ["x\",\"y"], [], null, [], RunStatus.Completed);
        var two = new RunSignature("a", ["x", "y"], [], null, [], RunStatus.Completed);

        Assert.NotEqual(one.Hash, two.Hash);
    }

    [Fact]
    public void Parse_ReadsTheCanonicalEncodingBack()
    {
        var signature = new RunSignature("support", ["a", "b"], ["a $:object"], FailureClass.PolicyBypass, ["injection/injection/block"], RunStatus.Held);

        var parsed = RunSignature.Parse(signature.Canonical());

        Assert.Equal(signature, parsed);
        Assert.Equal(signature.Tools, parsed.Tools);
        Assert.Equal((FailureClass.PolicyBypass, RunStatus.Held), (parsed.FailureClass, parsed.Outcome));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"v":2,"agent":"a","tools":[],"shapes":[],"failureClass":null,"guardrails":[],"outcome":"completed"}""")]
    [InlineData("""{"v":1,"agent":"a","tools":[],"shapes":[],"failureClass":"nope","guardrails":[],"outcome":"completed"}""")]
    [InlineData("""{"v":1,"agent":"a","tools":[],"shapes":[],"failureClass":null,"guardrails":[],"outcome":"gone"}""")]
    public void Parse_RefusesWhatIsNotACanonicalVersion1Signature(string text)
    {
        Assert.Throws<FormatException>(() => RunSignature.Parse(text));
    }
}
