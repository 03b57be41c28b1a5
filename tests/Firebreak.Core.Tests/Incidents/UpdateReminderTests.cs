using Firebreak.Incidents;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Core.Tests.Incidents;

public sealed class UpdateReminderTests
{
    private static readonly DateTimeOffset LastUpdate = new(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);
    private static readonly SeverityPolicy Sev1 = SeverityPolicy.Defaults[Severity.Sev1];
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public void ReminderDue_IsNothingUntilTheCadenceHasFullyPassed_ThenTheMissedDeadline()
    {
        Assert.Null(UpdateCadence.ReminderDue(Sev1, IncidentStatus.Investigating, LastUpdate, null, LastUpdate.AddMinutes(30)));
        Assert.Equal(LastUpdate.AddMinutes(30), UpdateCadence.ReminderDue(Sev1, IncidentStatus.Investigating, LastUpdate, null, LastUpdate.AddMinutes(30) + Tick));
    }

    [Fact]
    public void ReminderDue_ScannedEveryMinuteForTwoHours_RemindsOncePerMissedInterval()
    {
        var clock = new FakeTimeProvider(LastUpdate);
        DateTimeOffset? remindedFor = null;
        var reminders = new List<(DateTimeOffset For, DateTimeOffset At)>();
        for (var minute = 0; minute <= 120; minute++)
        {
            if (UpdateCadence.ReminderDue(Sev1, IncidentStatus.Declared, LastUpdate, remindedFor, clock.GetUtcNow()) is { } missed)
            {
                reminders.Add((missed, clock.GetUtcNow()));
                remindedFor = missed;
            }

            clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(
            [
                (LastUpdate.AddMinutes(30), LastUpdate.AddMinutes(31)),
                (LastUpdate.AddMinutes(60), LastUpdate.AddMinutes(61)),
                (LastUpdate.AddMinutes(90), LastUpdate.AddMinutes(91)),
            ],
            reminders);
    }

    [Fact]
    public void ReminderDue_AfterAnUpdate_CountsFromTheUpdate_NotFromTheOldReminder()
    {
        var update = LastUpdate.AddMinutes(40);

        Assert.Null(UpdateCadence.ReminderDue(Sev1, IncidentStatus.Investigating, update, LastUpdate.AddMinutes(30), update.AddMinutes(30)));
        Assert.Equal(update.AddMinutes(30), UpdateCadence.ReminderDue(Sev1, IncidentStatus.Investigating, update, LastUpdate.AddMinutes(30), update.AddMinutes(31)));
    }

    [Fact]
    public void ReminderDue_AfterALongSilence_IsOneReminderForTheLatestMissedDeadline()
    {
        Assert.Equal(LastUpdate.AddMinutes(150), UpdateCadence.ReminderDue(Sev1, IncidentStatus.Mitigated, LastUpdate, LastUpdate.AddMinutes(30), LastUpdate.AddMinutes(170)));
    }

    [Theory]
    [InlineData(Severity.Sev1, IncidentStatus.Resolved)]
    [InlineData(Severity.Sev1, IncidentStatus.Closed)]
    [InlineData(Severity.Sev4, IncidentStatus.Investigating)]
    public void ReminderDue_IsNeverOwedOnceResolvedOrWithoutACadence(Severity severity, IncidentStatus status) =>
        Assert.Null(UpdateCadence.ReminderDue(SeverityPolicy.Defaults[severity], status, LastUpdate, null, LastUpdate.AddDays(3)));
}
