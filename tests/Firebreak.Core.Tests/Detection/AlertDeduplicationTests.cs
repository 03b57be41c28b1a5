using Firebreak.Detection;
using Firebreak.Incidents;

namespace Firebreak.Core.Tests.Detection;

/// <summary>Findings of the same detector and dedup key within the window update one alert; anything else raises a new one.</summary>
public sealed class AlertDeduplicationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly DetectorDefinition Storm = new("refund-storm", DetectorKind.AmountRate, 4, Severity.Sev2, WindowSeconds: 10, Tool: "issue_refund");

    private static DetectorFinding Finding(double seconds, string key = "issue_refund", DetectorDefinition? detector = null, string[]? runs = null, long[]? seqs = null) =>
        new(detector ?? Storm, "support", key, $"seen at {seconds}", runs ?? ["run-1"], seqs ?? [1], (long)(seconds * 10) + 1, T0.AddSeconds(seconds));

    [Fact]
    public void Raise_OpensAnAlert_WithTheDetectorsClassSeverityAndEvidence()
    {
        var alert = AlertDeduplication.Raise("alt_1", Finding(0, runs: ["run-1", "run-2"], seqs: [4, 9]));

        Assert.Equal(
            new Alert("alt_1", "support", "refund-storm", FailureClass.ToolMisuse, Severity.Sev2, "issue_refund", "seen at 0", [], [], T0, T0, 1, AlertStatus.Open, null),
            alert with { RunIds = [], ActionSeqs = [] },
            new IgnoringEvidence());
        Assert.Equal(["run-1", "run-2"], alert.RunIds);
        Assert.Equal([4L, 9], alert.ActionSeqs);
    }

    [Fact]
    public void ARepeatWithinTheWindow_UpdatesTheAlert_CountingAndMergingEvidence()
    {
        var alert = AlertDeduplication.Raise("alt_1", Finding(0, runs: ["run-1", "run-2"], seqs: [4, 9]));

        Assert.True(AlertDeduplication.Repeats(alert, Finding(9, runs: ["run-2", "run-3"], seqs: [9, 12])));
        var merged = AlertDeduplication.Merge(alert, Finding(9, runs: ["run-2", "run-3"], seqs: [9, 12]));

        Assert.Equal(2, merged.Count);
        Assert.Equal(T0.AddSeconds(9), merged.LastSeenAt);
        Assert.Equal(T0, merged.FirstSeenAt);
        Assert.Equal(["run-1", "run-2", "run-3"], merged.RunIds);
        Assert.Equal([4L, 9, 12], merged.ActionSeqs);
        Assert.Equal("seen at 9", merged.Summary);
    }

    [Fact]
    public void TheWindowSlidesWithTheLastRepeat()
    {
        var alert = AlertDeduplication.Raise("alt_1", Finding(0));
        for (var second = 8; second <= 80; second += 8)
        {
            var repeat = Finding(second);
            Assert.True(AlertDeduplication.Repeats(alert, repeat), $"a repeat at {second} s");
            alert = AlertDeduplication.Merge(alert, repeat);
        }

        Assert.Equal(11, alert.Count);
        Assert.False(AlertDeduplication.Repeats(alert, Finding(91)));
    }

    [Theory]
    [InlineData("another key", null, AlertStatus.Open, 5)]
    [InlineData("issue_refund", "another-detector", AlertStatus.Open, 5)]
    [InlineData("issue_refund", null, AlertStatus.Resolved, 5)]
    [InlineData("issue_refund", null, AlertStatus.Open, 11)]
    public void ADifferentKey_DetectorOrAResolvedOrStaleAlert_RaisesANewAlert(string key, string? detector, AlertStatus status, double seconds)
    {
        var alert = AlertDeduplication.Raise("alt_1", Finding(0)) with { Status = status };
        var other = detector is null ? Storm : Storm with { Name = detector };

        Assert.False(AlertDeduplication.Repeats(alert, Finding(seconds, key, other)));
    }

    [Fact]
    public void AcknowledgedAlerts_KeepCollectingRepeats()
    {
        var alert = AlertDeduplication.Raise("alt_1", Finding(0)) with { Status = AlertStatus.Acknowledged };

        Assert.True(AlertDeduplication.Repeats(alert, Finding(3)));
    }

    [Fact]
    public void Evidence_KeepsTheLatestHundred()
    {
        var alert = AlertDeduplication.Raise("alt_1", Finding(0, runs: [.. Enumerable.Range(1, 80).Select(i => $"run-{i}")], seqs: [.. Enumerable.Range(1, 80).Select(i => (long)i)]));

        var merged = AlertDeduplication.Merge(alert, Finding(1, runs: [.. Enumerable.Range(81, 50).Select(i => $"run-{i}")], seqs: [.. Enumerable.Range(81, 50).Select(i => (long)i)]));

        Assert.Equal(AlertDeduplication.MaxEvidence, merged.RunIds.Count);
        Assert.Equal("run-31", merged.RunIds[0]);
        Assert.Equal("run-130", merged.RunIds[^1]);
        Assert.Equal(Enumerable.Range(31, 100).Select(i => (long)i), merged.ActionSeqs);
    }

    /// <summary>Records compare lists by reference: this compares everything but the evidence.</summary>
    private sealed class IgnoringEvidence : IEqualityComparer<Alert>
    {
        private static readonly string[] NoRuns = [];
        private static readonly long[] NoSeqs = [];

        public bool Equals(Alert? x, Alert? y) =>
            x is not null && y is not null && x with { RunIds = NoRuns, ActionSeqs = NoSeqs } == y with { RunIds = NoRuns, ActionSeqs = NoSeqs };

        public int GetHashCode(Alert obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
