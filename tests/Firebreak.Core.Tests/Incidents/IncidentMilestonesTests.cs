using Firebreak.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class IncidentMilestonesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 14, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(int minutes) => T0.AddMinutes(minutes);

    public static TheoryData<string, IncidentMilestones, string[]> Cases => new()
    {
        { "detected only", new IncidentMilestones(T0), [] },
        { "all four in order", new IncidentMilestones(T0, At(5), At(9), At(60)), [] },
        { "kill switch at acknowledgement: equal times", new IncidentMilestones(T0, At(5), At(5), At(5)), [] },
        { "mitigated before anyone acknowledged", new IncidentMilestones(T0, null, At(1), At(30)), [] },
        { "acknowledged before detected", new IncidentMilestones(T0, At(-1)), ["acknowledged"] },
        { "mitigated before acknowledged", new IncidentMilestones(T0, At(10), At(5)), ["mitigated"] },
        { "resolved before mitigated", new IncidentMilestones(T0, At(5), At(10), At(9)), ["resolved"] },
        { "resolved before detected, skipping the middle", new IncidentMilestones(T0, Resolved: At(-30)), ["resolved"] },
        { "both later milestones before detection", new IncidentMilestones(T0, At(-2), Mitigated: At(-1)), ["acknowledged", "mitigated"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_RequiresTheMilestonesThatAreSetToBeChronological(string story, IncidentMilestones milestones, string[] invalidFields)
    {
        var errors = milestones.Validate().ToDictionary();

        Assert.True(invalidFields.SequenceEqual(errors.Keys), $"{story}: {string.Join(", ", errors.Keys)}");
    }

    [Fact]
    public void Validate_NamesTheMilestoneItMustFollow()
    {
        var errors = new IncidentMilestones(T0, At(10), At(5)).Validate().ToDictionary();

        Assert.Equal(["must not be before acknowledged"], errors["mitigated"]);
    }
}
