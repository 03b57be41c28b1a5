using System.Text.Json;
using Firebreak.Control;
using Firebreak.Serialization;
using static Firebreak.Core.Tests.Control.ControlFixtures;

namespace Firebreak.Core.Tests.Control;

public sealed class ControlSnapshotApplyTests
{
    private static ControlChange Change(ControlMode? mode, params ControlScope[] scopes) =>
        new("alice", "wrong refunds", T0, scopes, mode, "INC-7");

    [Fact]
    public void Apply_RaisesTheEpoch_AndStampsTheSettings()
    {
        var next = ControlSnapshot.Empty.Apply(Change(ControlMode.Killed, ControlScope.ForAgent(Agent)));

        Assert.Equal(1, next.Epoch);
        var setting = Assert.Single(next.Settings);
        Assert.Equal(new ControlSetting(ControlScope.ForAgent(Agent), ControlMode.Killed, 1, "alice", "wrong refunds", T0, "INC-7"), setting);
        Assert.Same(setting, next.Find("agent:support"));
    }

    [Fact]
    public void Apply_LeavesTheOriginalSnapshotUnchanged()
    {
        var original = ControlSnapshot.Empty;

        _ = original.Apply(Change(ControlMode.Killed, ControlScope.Global));

        Assert.Equal(0, original.Epoch);
        Assert.Empty(original.Settings);
        Assert.Equal(ControlMode.Normal, original.EffectiveMode(Agent, T0).Mode);
    }

    [Fact]
    public void Apply_WithAStoreAssignedEpoch_UsesIt()
    {
        var next = ControlSnapshot.Empty.Apply(Change(ControlMode.Shadow, ControlScope.Global), 42);

        Assert.Equal(42, next.Epoch);
        Assert.Equal(42, next.Settings[0].Epoch);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(4)]
    public void Apply_RefusesAnEpochThatDoesNotGrow(long epoch)
    {
        var snapshot = ControlSnapshot.Empty.Apply(Change(ControlMode.Shadow, ControlScope.Global), 5);

        Assert.Throws<ArgumentOutOfRangeException>(() => snapshot.Apply(Change(ControlMode.Killed, ControlScope.Global), epoch));
    }

    [Fact]
    public void Normal_AtAScope_RemovesItsSetting_AndKeepsNarrowerOnes()
    {
        var contained = ControlSnapshot.Empty
            .Apply(Change(ControlMode.Killed, ControlScope.ForAgent(Agent)))
            .Apply(Change(ControlMode.Shadow, ControlScope.ForTool(Agent, Refund)));

        var resumed = contained.Apply(Change(ControlMode.Normal, ControlScope.ForAgent(Agent)));

        Assert.Equal(3, resumed.Epoch);
        Assert.Null(resumed.Find("agent:support"));
        Assert.Equal(ControlMode.Shadow, resumed.EffectiveMode(Agent, Refund, T0).Mode);
        Assert.Equal(ControlMode.Normal, resumed.EffectiveMode(Agent, Lookup, T0).Mode);
    }

    [Fact]
    public void Apply_ReplacesTheSettingAtTheSameScope_EvenWithALessRestrictiveMode()
    {
        var snapshot = ControlSnapshot.Empty
            .Apply(Change(ControlMode.Killed, ControlScope.ForAgent(Agent)))
            .Apply(Change(ControlMode.Approval, ControlScope.ForAgent(Agent)));

        var setting = Assert.Single(snapshot.Settings);
        Assert.Equal(ControlMode.Approval, setting.Mode);
        Assert.Equal(2, setting.Epoch);
    }

    [Fact]
    public void Apply_PrunesSettingsExpiredAtTheChange()
    {
        var snapshot = ControlSnapshot.Empty.Apply(
            new ControlChange("alice", "probe", T0, [ControlScope.Global], ControlMode.Shadow, ExpiresAt: T0.AddMinutes(10)));

        var later = snapshot.Apply(new ControlChange("bob", "contain", T0.AddMinutes(10), [ControlScope.ForAgent(Agent)], ControlMode.Paused));

        Assert.Equal(["agent:support"], later.Settings.Select(s => s.Scope.Key));
    }

    [Fact]
    public void Freeze_AddsAndThawRemovesTheAgent()
    {
        var frozen = ControlSnapshot.Empty.Apply(new ControlChange("alice", "incident", T0, [], FreezeAgentId: Agent, Freeze: true));
        var thawed = frozen.Apply(new ControlChange("alice", "resolved", T0, [], FreezeAgentId: Agent, Freeze: false));

        Assert.True(frozen.IsFrozen(Agent));
        Assert.False(frozen.IsFrozen(OtherAgent));
        Assert.Equal([Agent], frozen.FrozenAgents);
        Assert.Empty(frozen.Settings);
        Assert.False(thawed.IsFrozen(Agent));
        Assert.Equal(2, thawed.Epoch);
    }

    [Fact]
    public void Strict_AddsTheAgent_AndOffRemovesIt_WithoutTouchingModesOrFreeze()
    {
        var frozen = ControlSnapshot.Empty.Apply(new ControlChange("alice", "incident", T0, [], FreezeAgentId: Agent, Freeze: true));
        var strict = frozen.Apply(new ControlChange("alice", "injection seen", T0, [], StrictAgentId: Agent, Strict: true));
        var relaxed = strict.Apply(new ControlChange("alice", "resolved", T0, [], StrictAgentId: Agent, Strict: false));

        Assert.True(strict.IsStrict(Agent));
        Assert.False(strict.IsStrict(OtherAgent));
        Assert.Equal([Agent], strict.StrictAgents);
        Assert.True(strict.IsFrozen(Agent));
        Assert.Empty(strict.Settings);
        Assert.False(relaxed.IsStrict(Agent));
        Assert.Empty(relaxed.StrictAgents);
        Assert.True(relaxed.IsFrozen(Agent));
        Assert.Equal(3, relaxed.Epoch);
    }

    [Fact]
    public void Strict_SurvivesLaterModeChanges()
    {
        var strict = ControlSnapshot.Empty.Apply(new ControlChange("alice", "injection seen", T0, [], StrictAgentId: Agent, Strict: true));

        var killed = strict.Apply(Change(ControlMode.Killed, ControlScope.ForTool(Agent, Refund)));

        Assert.True(killed.IsStrict(Agent));
    }

    [Fact]
    public void Constructor_DropsNormalSettings()
    {
        var snapshot = new ControlSnapshot(3, [Setting(ControlScope.Global, ControlMode.Normal)], []);

        Assert.Empty(snapshot.Settings);
    }

    [Fact]
    public void Constructor_RefusesTwoSettingsAtOneScope() =>
        Assert.Throws<ArgumentException>(() => new ControlSnapshot(
            3,
            [Setting(ControlScope.ForAgent(Agent), ControlMode.Killed), Setting(ControlScope.ForAgent(Agent), ControlMode.Shadow)],
            []));

    [Fact]
    public void Constructor_RefusesSettingsNewerThanTheSnapshot() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ControlSnapshot(3, [Setting(ControlScope.Global, ControlMode.Killed, epoch: 4)], []));

    [Fact]
    public void Settings_AreOrderedByScopeKey()
    {
        var snapshot = Snapshot(
            Setting(ControlScope.ForTool(Agent, Refund), ControlMode.Shadow),
            Setting(ControlScope.Global, ControlMode.Approval),
            Setting(ControlScope.ForAgent(OtherAgent), ControlMode.Killed));

        Assert.Equal(["agent:billing", "global", "tool:support/issue_refund"], snapshot.Settings.Select(s => s.Scope.Key));
    }

    [Fact]
    public void Json_RoundTripsTheSnapshot()
    {
        var snapshot = new ControlSnapshot(
            7,
            [
                Setting(ControlScope.ForAgent(Agent), ControlMode.Killed, epoch: 6, incidentId: "INC-7"),
                Setting(ControlScope.ForTool(Agent, Refund), ControlMode.Approval, epoch: 7, expiresAt: T0.AddHours(1)),
            ],
            [Agent],
            strictAgents: [OtherAgent, Agent]);

        var json = JsonSerializer.Serialize(snapshot, FirebreakJson.Options);
        var read = JsonSerializer.Deserialize<ControlSnapshot>(json, FirebreakJson.Options)!;

        Assert.Contains("\"scope\":\"agent:support\"", json, StringComparison.Ordinal);
        Assert.Contains("\"mode\":\"killed\"", json, StringComparison.Ordinal);
        Assert.Equal(7, read.Epoch);
        Assert.Equal(snapshot.Settings, read.Settings);
        Assert.Equal(snapshot.FrozenAgents, read.FrozenAgents);
        Assert.Contains("\"strictAgents\":[\"billing\",\"support\"]", json, StringComparison.Ordinal);
        Assert.Equal([OtherAgent, Agent], read.StrictAgents);
        Assert.True(read.IsStrict(Agent));
        Assert.Equal(ControlMode.Killed, read.EffectiveMode(Agent, Refund, T0).Mode);
    }

    [Fact]
    public void Json_StoredBeforeTheStrictLevel_ReadsAsNoAgentStrict()
    {
        var read = JsonSerializer.Deserialize<ControlSnapshot>("""{"epoch":3,"settings":[],"frozenAgents":["support"]}""", FirebreakJson.Options)!;

        Assert.Empty(read.StrictAgents);
        Assert.False(read.IsStrict(Agent));
        Assert.True(read.IsFrozen(Agent));
    }
}
