using Firebreak.Control;
using static Firebreak.Core.Tests.Control.ControlFixtures;

namespace Firebreak.Core.Tests.Control;

public sealed class ControlSnapshotExpiryTests
{
    [Theory]
    [InlineData(-3600, ControlMode.Killed)]
    [InlineData(-1, ControlMode.Killed)]
    [InlineData(0, ControlMode.Normal)]
    [InlineData(1, ControlMode.Normal)]
    public void Setting_AppliesUntilItsExpiryInstant(int secondsFromExpiry, ControlMode expected)
    {
        var expiry = T0.AddHours(1);
        var snapshot = Snapshot(Setting(ControlScope.ForAgent(Agent), ControlMode.Killed, expiresAt: expiry));

        var effective = snapshot.EffectiveMode(Agent, Refund, expiry.AddSeconds(secondsFromExpiry));

        Assert.Equal(expected, effective.Mode);
    }

    [Fact]
    public void Setting_OneTickBeforeExpiry_StillApplies()
    {
        var expiry = T0.AddMinutes(30);
        var snapshot = Snapshot(Setting(ControlScope.Global, ControlMode.Shadow, expiresAt: expiry));

        Assert.Equal(ControlMode.Shadow, snapshot.EffectiveMode(Agent, T0.AddMinutes(30).AddTicks(-1)).Mode);
        Assert.Equal(ControlMode.Normal, snapshot.EffectiveMode(Agent, expiry).Mode);
    }

    [Theory]
    [InlineData(ControlScopeKind.Global, ControlScopeKind.Tool, "tool:support/issue_refund")]
    [InlineData(ControlScopeKind.Agent, ControlScopeKind.Tool, "tool:support/issue_refund")]
    [InlineData(ControlScopeKind.Tool, ControlScopeKind.Agent, "agent:support")]
    [InlineData(ControlScopeKind.Global, ControlScopeKind.Agent, "agent:support")]
    public void ExpiredKill_YieldsToTheNextActiveSetting(ControlScopeKind expiredKill, ControlScopeKind activeShadow, string decidingScope)
    {
        var snapshot = Snapshot(
            Setting(ScopeOf(expiredKill), ControlMode.Killed, expiresAt: T0.AddMinutes(5)),
            Setting(ScopeOf(activeShadow), ControlMode.Shadow));

        var before = snapshot.EffectiveMode(Agent, Refund, T0);
        var after = snapshot.EffectiveMode(Agent, Refund, T0.AddMinutes(5));

        Assert.Equal(ControlMode.Killed, before.Mode);
        Assert.Equal(ControlMode.Shadow, after.Mode);
        Assert.Equal(decidingScope, after.DecidedBy!.Scope.Key);
    }

    [Fact]
    public void SettingWithoutExpiry_AppliesForever() =>
        Assert.Equal(ControlMode.Paused, Snapshot(Setting(ControlScope.ForAgent(Agent), ControlMode.Paused)).EffectiveMode(Agent, DateTimeOffset.MaxValue).Mode);
}
