using Firebreak.Releases;

namespace Firebreak.Core.Tests.Releases;

public sealed class ReleaseRoutingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    [InlineData(100)]
    public void TheCandidate_GetsAboutItsShareOfKeys_AndTheSameKeyAlwaysLandsTheSameWay(int percent)
    {
        var routing = new ReleaseRouting("support", "active", "candidate", percent);
        var keys = Enumerable.Range(0, 10_000).Select(i => $"customer-{i}").ToList();

        var share = keys.Count(k => routing.ReleaseFor(k) == "candidate") / 100.0;

        Assert.InRange(share, percent - 2, percent + 2);
        Assert.All(keys.Take(100), k => Assert.Equal(routing.ReleaseFor(k), routing.ReleaseFor(k)));
    }

    [Fact]
    public void AKeyInTheCandidatesShare_StaysThere_AsTheShareGrows()
    {
        var keys = Enumerable.Range(0, 1000).Select(i => $"run-{i}").ToList();
        var at10 = keys.Where(k => new ReleaseRouting("support", "a", "b", 10).ReleaseFor(k) == "b").ToHashSet();
        var at50 = keys.Where(k => new ReleaseRouting("support", "a", "b", 50).ReleaseFor(k) == "b").ToHashSet();

        Assert.Subset(at50, at10);
    }

    [Fact]
    public void WithoutACandidate_EveryRunGetsTheActiveRelease() =>
        Assert.Equal("a", new ReleaseRouting("support", "a", null, 100).ReleaseFor("anything"));
}
