using Firebreak.Control;
using Firebreak.Core.Tests.GameDays;
using Firebreak.GameDays;
using Firebreak.Incidents;
using Firebreak.Readiness;
using Firebreak.Registry;
using Firebreak.Releases;

namespace Firebreak.Core.Tests.Readiness;

public sealed class ReadinessChecklistTests
{
    private static readonly DateTimeOffset Now = DrillStream.T0;

    [Fact]
    public void AnAgentMeetingEveryItem_IsReady()
    {
        var report = ReadinessChecklist.Evaluate(Ready(), Now);

        Assert.True(report.Ready, string.Join("; ", report.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.Detail}")));
        Assert.Equal(8, report.Checks.Count);
        Assert.Contains(report.Checks, c => c.Name == ReadinessChecklist.KillSwitchReachable && c.Detail == "1 enforcement point(s) connected, all holding epoch 7 with a fresh lease");
    }

    [Fact]
    public void NoPointConnected_TheKillSwitchIsUnreachable()
    {
        var facts = Ready() with { Points = [Point("support-1") with { Connected = false }, Point("billing-1") with { AgentId = "billing" }] };

        Assert.Equal("no enforcement point of the agent is connected: a kill would reach nothing", Failed(facts, ReadinessChecklist.KillSwitchReachable));
    }

    [Fact]
    public void APointBehindTheCurrentEpochOrWithAStaleLease_IsNamed()
    {
        var facts = Ready() with { Points = [Point("support-1"), Point("support-2") with { AppliedEpoch = 6 }, Point("support-3") with { LeaseState = LeaseState.Stale }] };

        Assert.Equal("support-2, support-3 not holding epoch 7 with a fresh lease", Failed(facts, ReadinessChecklist.KillSwitchReachable));
    }

    [Fact]
    public void EachOtherItem_FailsWithWhatToFix()
    {
        var agent = Ready().Agent with { Tools = [.. Ready().Agent.Tools, new ToolDefinition("delete_account", RiskClass.Irreversible)] };
        var facts = Ready() with
        {
            Agent = agent,
            Releases = new AgentReleaseState("support", null, null),
            RegressionCases = 0,
            RetentionDays = 7,
            PlaybookClasses = [FailureClass.ToolMisuse, FailureClass.CostRunaway],
        };

        var report = ReadinessChecklist.Evaluate(facts, Now);

        Assert.False(report.Ready);
        Assert.StartsWith("no active release", Failed(facts, ReadinessChecklist.ReleasePinned), StringComparison.Ordinal);
        Assert.Equal("no compensator or mitigation declared for delete_account", Failed(facts, ReadinessChecklist.CompensationDeclared));
        Assert.Equal("the server keeps decision traces 7 days", Failed(facts, ReadinessChecklist.TraceRetention));
        Assert.StartsWith("no regression case", Failed(facts, ReadinessChecklist.RegressionGate), StringComparison.Ordinal);
        Assert.Equal("no playbook for intent-misclassification, context-drift, policy-bypass", Failed(facts, ReadinessChecklist.Playbooks));
    }

    [Theory]
    [InlineData(-31, GameDayVerdict.Passed, "last passed drill 2026-10-23, more than 30 days ago: run firebreak gameday kill-switch")]
    [InlineData(-1, GameDayVerdict.Failed, "last drill 2026-11-22 failed: run firebreak gameday kill-switch")]
    public void AKillSwitchDrillTooOldOrFailed_DoesNotCount(int days, GameDayVerdict verdict, string detail)
    {
        var facts = Ready() with { KillSwitchDrills = [Drill(OperatorDrills.KillSwitchName, Now.AddDays(days), verdict)] };

        Assert.Equal(detail, Failed(facts, ReadinessChecklist.KillSwitchDrilled));
    }

    [Fact]
    public void NeverDrilledRollback_SaysWhichCommandToRun()
    {
        var facts = Ready() with { RollbackDrills = [] };

        Assert.Equal("never drilled: run firebreak gameday rollback", Failed(facts, ReadinessChecklist.RollbackDrilled));
    }

    private static string Failed(ReadinessFacts facts, string name)
    {
        var check = ReadinessChecklist.Evaluate(facts, Now).Checks.Single(c => c.Name == name);
        Assert.False(check.Passed, name);
        return check.Detail;
    }

    private static ReadinessFacts Ready()
    {
        var mitigation = new ToolCompensation(Mitigation: new MitigationDefinition("Send a correction", "support-team"));
        var agent = new AgentDefinition(
            "support",
            "support-team",
            null,
            [
                new ToolDefinition("lookup_order", RiskClass.Read),
                new ToolDefinition("issue_refund", RiskClass.Financial, Compensation: mitigation),
                new ToolDefinition("send_email", RiskClass.Message, Compensation: mitigation),
            ]);
        return new ReadinessFacts(
            agent,
            7,
            [Point("support-1")],
            new AgentReleaseState("support", new string('a', 64), new string('a', 64)),
            2,
            30,
            [.. ReadinessChecklist.PlaybookClasses],
            [Drill(OperatorDrills.KillSwitchName, Now.AddDays(-3), GameDayVerdict.Passed)],
            [Drill(OperatorDrills.RollbackName, Now.AddDays(-29), GameDayVerdict.Passed)]);
    }

    private static EnforcementPointInfo Point(string id) => new(id, "support", "host", "1.0", true, Now.AddHours(-1), Now, 7, LeaseState.Fresh);

    private static GameDayRecord Drill(string scenario, DateTimeOffset endedAt, GameDayVerdict verdict)
    {
        var measurements = new GameDayMeasurements(null, null, null, null, 12, 12, 0, "dana", "killed on agent:support", 3, 1, 1, 0, 0, null, null, null, null, 0, 0, [], 0);
        var report = new GameDayReport(scenario, scenario, "support", null, endedAt.AddSeconds(-5), endedAt.AddSeconds(-1), endedAt, 0, null, verdict, measurements,
            [new GameDayCheck("time to contain", "≤ 1000 ms", "12 ms", verdict == GameDayVerdict.Passed)], []);
        return new GameDayRecord("gd_1", "dana", endedAt, report);
    }
}
