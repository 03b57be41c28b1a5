using Firebreak.Incidents;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Core.Tests.Incidents;

public sealed class EscalationScheduleTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    /// <summary>SEV1: on-call paged, repeated twice every 5 minutes, then after 15 minutes the secondary, once, then after 10 minutes the manager.</summary>
    private static readonly EscalationPolicy Sev1 = new(
    [
        new EscalationLevel(["primary"], TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(5), 2),
        new EscalationLevel(["secondary"], TimeSpan.FromMinutes(10), TimeSpan.Zero, 0),
        new EscalationLevel(["manager", "vp"], TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(5), 3),
    ]);

    [Fact]
    public void Steps_PageRepeatAndEscalateFromTheOpeningTime_AndEndExhausted()
    {
        var steps = EscalationSchedule.Steps(Sev1, Opened);

        Assert.Equal(
            [
                new EscalationStep(0, EscalationStepKind.Page, 0, 0, Opened),
                new EscalationStep(1, EscalationStepKind.Repeat, 0, 1, Opened.AddMinutes(5)),
                new EscalationStep(2, EscalationStepKind.Repeat, 0, 2, Opened.AddMinutes(10)),
                new EscalationStep(3, EscalationStepKind.Escalate, 1, 0, Opened.AddMinutes(15)),
                new EscalationStep(4, EscalationStepKind.Escalate, 2, 0, Opened.AddMinutes(25)),
                new EscalationStep(5, EscalationStepKind.Repeat, 2, 1, Opened.AddMinutes(30)),
                new EscalationStep(6, EscalationStepKind.Repeat, 2, 2, Opened.AddMinutes(35)),
                new EscalationStep(7, EscalationStepKind.Repeat, 2, 3, Opened.AddMinutes(40)),
                new EscalationStep(8, EscalationStepKind.Exhausted, 2, 0, Opened.AddMinutes(45)),
            ],
            steps);
    }

    [Fact]
    public void Due_WalkedMinuteByMinuteWithAFakeClock_SendsEveryStepOnceAtItsTime()
    {
        var clock = new FakeTimeProvider(Opened);
        var sent = new List<(EscalationStep Step, DateTimeOffset At)>();
        var count = 0;
        for (var minute = 0; minute <= 60; minute++)
        {
            var due = EscalationSchedule.Due(Sev1, Opened, count, null, clock.GetUtcNow());
            if (due.Step is { } step)
            {
                Assert.Equal(0, due.Skipped);
                sent.Add((step, clock.GetUtcNow()));
                count = step.Index + 1;
            }

            clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(EscalationSchedule.Steps(Sev1, Opened), sent.Select(s => s.Step));
        Assert.All(sent, s => Assert.Equal(s.Step.At, s.At));
        Assert.Equal(EscalationDue.Finished, EscalationSchedule.Due(Sev1, Opened, count, null, clock.GetUtcNow()));
    }

    [Theory]
    [InlineData(0, 0, 0, 5)]
    [InlineData(1, 4, null, 5)]
    [InlineData(1, 5, 1, 10)]
    [InlineData(3, 14, null, 15)]
    [InlineData(3, 15, 3, 25)]
    [InlineData(4, 24, null, 25)]
    [InlineData(8, 44, null, 45)]
    [InlineData(8, 45, 8, null)]
    public void Due_ASentStepIsNotDueAgain_AndTheNextIsDueFromItsTimeOn(int sent, int minutes, int? step, int? nextMinutes)
    {
        var due = EscalationSchedule.Due(Sev1, Opened, sent, null, Opened.AddMinutes(minutes));

        Assert.Equal(step, due.Step?.Index);
        Assert.Equal(nextMinutes is { } next ? Opened.AddMinutes(next) : null, due.NextAt);
    }

    [Fact]
    public void Due_OneTickBeforeAStep_IsNothing_AndAtIt_IsTheStep()
    {
        var before = EscalationSchedule.Due(Sev1, Opened, 1, null, Opened.AddMinutes(5) - Tick);
        var at = EscalationSchedule.Due(Sev1, Opened, 1, null, Opened.AddMinutes(5));

        Assert.Null(before.Step);
        Assert.Equal(Opened.AddMinutes(5), before.NextAt);
        Assert.Equal(EscalationStepKind.Repeat, at.Step!.Kind);
    }

    [Fact]
    public void Due_AfterAnOutage_SendsOnlyTheLatestDueStep_AndCountsTheSkippedOnes()
    {
        var due = EscalationSchedule.Due(Sev1, Opened, 1, null, Opened.AddMinutes(27));

        Assert.Equal(new EscalationStep(4, EscalationStepKind.Escalate, 2, 0, Opened.AddMinutes(25)), due.Step);
        Assert.Equal(3, due.Skipped);
        Assert.Equal(Opened.AddMinutes(30), due.NextAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(9)]
    public void Due_AnAcknowledgedPage_HasNothingDueNowOrLater(int sent)
    {
        var due = EscalationSchedule.Due(Sev1, Opened, sent, Opened.AddMinutes(1), Opened.AddHours(5));

        Assert.Equal(EscalationDue.Finished, due);
    }

    [Fact]
    public void Due_ASingleLevelWithoutRepeats_PagesOnceThenExhausts()
    {
        var policy = new EscalationPolicy([new EscalationLevel(["primary"], TimeSpan.FromMinutes(30), TimeSpan.Zero, 0)]);

        Assert.Equal(
            [
                new EscalationStep(0, EscalationStepKind.Page, 0, 0, Opened),
                new EscalationStep(1, EscalationStepKind.Exhausted, 0, 0, Opened.AddMinutes(30)),
            ],
            EscalationSchedule.Steps(policy, Opened));
        Assert.Null(EscalationSchedule.Due(policy, Opened, 1, null, Opened.AddMinutes(29)).Step);
        Assert.Equal(EscalationStepKind.Exhausted, EscalationSchedule.Due(policy, Opened, 1, null, Opened.AddMinutes(30)).Step!.Kind);
    }

    [Fact]
    public void Due_ANegativeSentCount_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EscalationSchedule.Due(Sev1, Opened, -1, null, Opened));

    private static readonly (EscalationPolicy Policy, string Problem)[] BadPolicies =
    [
        (new EscalationPolicy([]), "has no levels"),
        (new EscalationPolicy([new EscalationLevel([], TimeSpan.FromMinutes(5), TimeSpan.Zero, 0)]), "level 1 needs at least one receiver"),
        (new EscalationPolicy([new EscalationLevel([" "], TimeSpan.FromMinutes(5), TimeSpan.Zero, 0)]), "level 1 needs at least one receiver"),
        (new EscalationPolicy([new EscalationLevel(["a"], TimeSpan.Zero, TimeSpan.Zero, 0)]), "level 1 needs a positive EscalateAfter"),
        (new EscalationPolicy([new EscalationLevel(["a"], TimeSpan.FromMinutes(5), TimeSpan.Zero, -1)]), "level 1 has a negative Repeats"),
        (new EscalationPolicy([new EscalationLevel(["a"], TimeSpan.FromMinutes(5), TimeSpan.Zero, 1)]), "level 1 repeats 1 times"),
        (new EscalationPolicy([new EscalationLevel(["a"], TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5), 2)]), "level 1 repeats 2 times"),
        (
            new EscalationPolicy([new EscalationLevel(["a"], TimeSpan.FromMinutes(10), TimeSpan.Zero, 0), new EscalationLevel([], TimeSpan.FromMinutes(10), TimeSpan.Zero, 0)]),
            "level 2 needs at least one receiver"),
    ];

    public static TheoryData<int> BadPolicyCases => [.. Enumerable.Range(0, BadPolicies.Length)];

    [Theory]
    [MemberData(nameof(BadPolicyCases))]
    public void Problems_NameEachBrokenRule(int bad) =>
        Assert.Contains(BadPolicies[bad].Policy.Problems(), p => p.StartsWith(BadPolicies[bad].Problem, StringComparison.Ordinal));

    [Fact]
    public void Problems_AreNoneForAPolicyWhoseRepeatsEndBeforeItEscalates() => Assert.Empty(Sev1.Problems());
}
