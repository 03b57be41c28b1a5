using Firebreak.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class DeadlineTests
{
    private static readonly DateTimeOffset LastUpdate = new(2026, 11, 20, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    public static TheoryData<Severity, TimeSpan> Cadences => new()
    {
        { Severity.Sev1, TimeSpan.FromMinutes(30) },
        { Severity.Sev2, TimeSpan.FromHours(1) },
        { Severity.Sev3, TimeSpan.FromHours(4) },
    };

    [Theory]
    [MemberData(nameof(Cadences))]
    public void NextUpdate_IsOverdueOnlyAfterTheCadenceHasFullyPassed(Severity severity, TimeSpan cadence)
    {
        var policy = SeverityPolicy.Defaults[severity];
        var due = LastUpdate + cadence;

        Assert.Equal(new Deadline(due, false), UpdateCadence.NextUpdate(policy, IncidentStatus.Investigating, LastUpdate, due - Tick));
        Assert.Equal(new Deadline(due, false), UpdateCadence.NextUpdate(policy, IncidentStatus.Investigating, LastUpdate, due));
        Assert.Equal(new Deadline(due, true), UpdateCadence.NextUpdate(policy, IncidentStatus.Investigating, LastUpdate, due + Tick));
    }

    [Theory]
    [InlineData(Severity.Sev1, IncidentStatus.Declared, true)]
    [InlineData(Severity.Sev1, IncidentStatus.Mitigated, true)]
    [InlineData(Severity.Sev1, IncidentStatus.Resolved, false)]
    [InlineData(Severity.Sev1, IncidentStatus.Closed, false)]
    [InlineData(Severity.Sev4, IncidentStatus.Investigating, false)]
    public void NextUpdate_IsOwedOnlyWhileOpenAndWhenThePolicyHasACadence(Severity severity, IncidentStatus status, bool owed)
    {
        var result = UpdateCadence.NextUpdate(SeverityPolicy.Defaults[severity], status, LastUpdate, LastUpdate.AddDays(2));

        Assert.Equal(owed, result.DueAt is not null);
        Assert.Equal(owed, result.IsOverdue);
    }

    [Fact]
    public void Postmortem_IsDue48HoursAfterResolutionAndOverdueOnlyAfterThat()
    {
        var policy = SeverityPolicy.Defaults[Severity.Sev2];
        var resolved = LastUpdate;
        var due = resolved.AddHours(48);

        Assert.Equal(new Deadline(due, false), PostmortemDeadline.Evaluate(policy, resolved, null, due - Tick));
        Assert.Equal(new Deadline(due, false), PostmortemDeadline.Evaluate(policy, resolved, null, due));
        Assert.Equal(new Deadline(due, true), PostmortemDeadline.Evaluate(policy, resolved, null, due + Tick));
    }

    [Theory]
    [InlineData(Severity.Sev1, true, false, true)]
    [InlineData(Severity.Sev2, true, false, true)]
    [InlineData(Severity.Sev3, true, false, false)]
    [InlineData(Severity.Sev4, true, false, false)]
    [InlineData(Severity.Sev1, false, false, false)]
    [InlineData(Severity.Sev1, true, true, false)]
    public void Postmortem_IsOwedOnlyWhenRequiredResolvedAndUnpublished(Severity severity, bool resolved, bool published, bool overdue)
    {
        var now = LastUpdate.AddDays(10);
        var result = PostmortemDeadline.Evaluate(
            SeverityPolicy.Defaults[severity],
            resolved ? LastUpdate : null,
            published ? LastUpdate.AddDays(5) : null,
            now);

        Assert.Equal(overdue, result.IsOverdue);
        Assert.Equal(overdue, result.DueAt is not null);
    }
}
