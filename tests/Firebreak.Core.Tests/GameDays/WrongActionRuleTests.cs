using Firebreak.GameDays;
using Firebreak.Ledger;

namespace Firebreak.Core.Tests.GameDays;

public sealed class WrongActionRuleTests
{
    [Fact]
    public void ArgumentRule_CountsOnlyExecutedCallsOfTheToolWithThatValue()
    {
        var stream = new DrillStream();
        stream.Refund(0, "r1", "item arrived damaged or never arrived");
        var goodwill = stream.Refund(10, "r2", "goodwill");
        stream.Refund(20, "r3", "goodwill", outcome: ActionOutcome.Blocked);
        stream.Lookup(30, "r4", "goodwill");

        var wrong = DrillScenarios.RefundStorm.WrongAction!.Select(stream.Actions);

        Assert.Equal([goodwill.Seq], wrong.Select(a => a.Seq));
    }

    [Fact]
    public void RepeatRule_CountsTheCallsOfARunBeyondTheAllowedOnesWithTheSameArguments()
    {
        var stream = new DrillStream();
        stream.Lookup(0, "r1", "o-1");
        var second = stream.Lookup(1, "r1", "o-1");
        var third = stream.Lookup(2, "r1", "o-1");
        stream.Lookup(3, "r1", "o-2");
        stream.Lookup(4, "r2", "o-1");

        var wrong = DrillScenarios.ToolLoop.WrongAction!.Select(stream.Actions);

        Assert.Equal([second.Seq, third.Seq], wrong.Select(a => a.Seq));
    }

    [Fact]
    public void RepeatRule_StaysQuietOnNormalTraffic_OneLookupPerTicket()
    {
        var stream = new DrillStream();
        for (var i = 0; i < 50; i++)
        {
            stream.Lookup(i, $"r{i}", $"o-{i % 5}");
        }

        Assert.Empty(DrillScenarios.ToolLoop.WrongAction!.Select(stream.Actions));
    }

    [Fact]
    public void Describe_SaysWhatCounts()
    {
        Assert.Equal("issue_refund calls with reason = goodwill", DrillScenarios.RefundStorm.WrongAction!.Describe());
        Assert.Equal("lookup_order calls repeated with the same arguments beyond 1 per run", DrillScenarios.ToolLoop.WrongAction!.Describe());
        Assert.Equal("issue_refund calls", new WrongActionRule("issue_refund").Describe());
    }
}
