using Firebreak.Releases;

namespace Firebreak.Core.Tests.Releases;

public sealed class ReleaseTransitionsTests
{
    private static readonly AgentReleaseState Fresh = new("support", null, null);

    [Fact]
    public void Promotion_MakesTheReplacedReleaseLastKnownGood_AndRollbackReturnsToIt()
    {
        var first = ReleaseTransitions.Activate(Fresh, "a");
        var second = ReleaseTransitions.Activate(first, "b");
        var back = ReleaseTransitions.Rollback(second, null, out var refusal);

        Assert.Equal(new AgentReleaseState("support", "a", null), first);
        Assert.Equal(new AgentReleaseState("support", "b", "a"), second);
        Assert.Null(refusal);
        Assert.Equal(new AgentReleaseState("support", "a", "a"), back);
    }

    [Fact]
    public void Rollback_WithNothingToGoBackTo_IsRefused()
    {
        Assert.Null(ReleaseTransitions.Rollback(Fresh, null, out var none));
        Assert.Contains("no last-known-good", none, StringComparison.Ordinal);
        Assert.Null(ReleaseTransitions.Rollback(new AgentReleaseState("support", "a", "a"), null, out var same));
        Assert.Contains("already active", same, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollback_ToANamedRelease_EndsARestore_AndKeepsLastKnownGood()
    {
        var restoring = ReleaseTransitions.RestoreStep(new AgentReleaseState("support", "a", "z"), "b", 25);

        var back = ReleaseTransitions.Rollback(restoring, "c", out _);

        Assert.Equal(new AgentReleaseState("support", "c", "z"), back);
        Assert.Equal(new ReleaseRouting("support", "a", "b", 25), ReleaseTransitions.RoutingOf(restoring));
        Assert.Null(ReleaseTransitions.RoutingOf(Fresh));
    }
}
