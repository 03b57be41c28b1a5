using Firebreak.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class SeverityPolicyTests
{
    public static TheoryData<Severity, TimeSpan?, string, TimeSpan?, bool, bool> Table => new()
    {
        { Severity.Sev1, TimeSpan.Zero, "killed", TimeSpan.FromMinutes(30), true, true },
        { Severity.Sev2, TimeSpan.FromHours(1), "fallback", TimeSpan.FromHours(1), true, true },
        { Severity.Sev3, TimeSpan.FromHours(4), "normal", TimeSpan.FromHours(4), false, false },
        { Severity.Sev4, null, "normal", null, false, false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Defaults_FollowTheSeverityTable(
        Severity severity, TimeSpan? responseTime, string controlMode, TimeSpan? cadence, bool pages, bool postmortem)
    {
        var policy = SeverityPolicy.Defaults[severity];

        Assert.Equal(severity, policy.Severity);
        Assert.Equal(responseTime, policy.ResponseTime);
        Assert.Equal(controlMode, policy.SuggestedControlMode);
        Assert.Equal(cadence, policy.UpdateCadence);
        Assert.Equal(pages, policy.Pages24x7);
        Assert.Equal(postmortem, policy.PostmortemRequired);
        Assert.False(string.IsNullOrWhiteSpace(policy.Meaning));
        Assert.False(string.IsNullOrWhiteSpace(policy.FirstAction));
    }

    [Fact]
    public void Sev1_NotifiesLeadershipLegalAndCommunicationsWithin15Minutes()
    {
        var policy = SeverityPolicy.Defaults[Severity.Sev1];

        Assert.Equal(["engineering lead", "VP engineering", "legal", "communications"], policy.NotifiedRoles);
        Assert.Equal(TimeSpan.FromMinutes(15), policy.NotifyWithin);
    }

    [Fact]
    public void Defaults_CoverEverySeverity()
    {
        Assert.Equal(Enum.GetValues<Severity>(), SeverityPolicy.Defaults.Keys.Order());
    }
}
