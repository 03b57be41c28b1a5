using Firebreak.Compensation;
using Firebreak.Registry;

namespace Firebreak.Core.Tests.Compensation;

public sealed class CompensationHookPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Since = Now.AddHours(-2);
    private static readonly Dictionary<string, string> Endpoints = new(StringComparer.Ordinal) { ["desk"] = "http://desk:5081/" };

    private static readonly AgentDefinition Hooked = new(
        "support",
        "team",
        null,
        [],
        new AgentMemoryHooks(
            new HttpCompensator("{endpoint.desk}/memory/purge?agent={agent}&since={since}"),
            new HttpCompensator("{endpoint.desk}/knowledge/{source}/quarantine")));

    [Fact]
    public void APurgeAndTwoQuarantines_ArePlannedPerAgent_WithTemplatesFilledAndKeysFromTheRun()
    {
        var (hooks, errors) = CompensationHookPlanner.Plan("cmp_1", [Hooked], purgeMemory: true, ["kb a", "kb-b"], Since, Now, Endpoints, Now);

        Assert.True(errors.IsValid);
        Assert.Equal([1, 2, 3], hooks.Select(h => h.Ordinal));
        Assert.Equal(
            ["http://desk:5081/memory/purge?agent=support&since=2026-11-01T07%3A00%3A00.0000000Z", "http://desk:5081/knowledge/kb%20a/quarantine", "http://desk:5081/knowledge/kb-b/quarantine"],
            hooks.Select(h => h.Target));
        Assert.Equal((Since, Now), (hooks[0].Since!.Value, hooks[0].Until!.Value));
        Assert.Equal(["firebreak.memory_purge", "firebreak.knowledge_quarantine", "firebreak.knowledge_quarantine"], hooks.Select(h => h.Tool));
        Assert.Equal(["memory:support"], hooks[0].Entities);
        Assert.Equal(["knowledge_source:kb a"], hooks[1].Entities);
        Assert.Equal("compensate:support:cmp_1:memory_purge", hooks[0].HookKey);
        Assert.Equal(hooks.Count, hooks.Select(h => h.HookKey).Distinct().Count());
        Assert.All(hooks, h => Assert.Equal(CompensationItemState.Planned, h.State));
    }

    [Fact]
    public void TheSameRunAgentAndSource_AlwaysGetTheSameKey_AndAnotherRunAnother()
    {
        Assert.Equal(
            CompensationHookPlanner.KeyFor("cmp_1", "support", CompensationHookKind.KnowledgeQuarantine, "kb"),
            CompensationHookPlanner.KeyFor("cmp_1", "support", CompensationHookKind.KnowledgeQuarantine, "kb"));
        Assert.NotEqual(
            CompensationHookPlanner.KeyFor("cmp_1", "support", CompensationHookKind.KnowledgeQuarantine, "kb"),
            CompensationHookPlanner.KeyFor("cmp_2", "support", CompensationHookKind.KnowledgeQuarantine, "kb"));
    }

    [Fact]
    public void NothingAsked_PlansNothing()
    {
        var (hooks, errors) = CompensationHookPlanner.Plan("cmp_1", [], purgeMemory: false, [], null, Now, Endpoints, Now);

        Assert.Empty(hooks);
        Assert.True(errors.IsValid);
    }

    [Fact]
    public void APurgeWithoutAWindow_AnAgentWithoutTheHook_OrAnUnknownEndpoint_IsRefused()
    {
        var bare = Hooked with { Id = "bare", Memory = null };

        var noWindow = CompensationHookPlanner.Plan("cmp_1", [Hooked], purgeMemory: true, [], null, Now, Endpoints, Now);
        var noHook = CompensationHookPlanner.Plan("cmp_1", [bare], purgeMemory: false, ["kb"], null, Now, Endpoints, Now);
        var noEndpoint = CompensationHookPlanner.Plan("cmp_1", [Hooked], purgeMemory: false, ["kb"], null, Now, new Dictionary<string, string>(), Now);
        var noAgents = CompensationHookPlanner.Plan("cmp_1", [], purgeMemory: false, ["kb"], null, Now, Endpoints, Now);

        Assert.Contains("selection.since", noWindow.Errors.ToDictionary().Keys);
        Assert.Contains("declares no knowledge quarantine hook", noHook.Errors.ToDictionary()["quarantine"].Single(), StringComparison.Ordinal);
        Assert.Contains("{endpoint.desk}", noEndpoint.Errors.ToDictionary()["quarantine"].Single(), StringComparison.Ordinal);
        Assert.Contains("selection.agents", noAgents.Errors.ToDictionary().Keys);
        Assert.All([noWindow, noHook, noEndpoint], r => Assert.Empty(r.Hooks));
    }

    [Fact]
    public void IntegrityReport_CountsAVerifiedHook_AndListsAFailedOrMismatchedOne()
    {
        var (hooks, _) = CompensationHookPlanner.Plan("cmp_1", [Hooked], purgeMemory: true, ["kb", "kb-2"], Since, Now, Endpoints, Now);
        var report = IntegrityReport.Of(
            [],
            [
                hooks[0] with { State = CompensationItemState.Done, Verified = true, ActionSeq = 7 },
                hooks[1] with { State = CompensationItemState.Done, Verified = false, VerifyDetail = "quarantined is false, expected true", ActionSeq = 8 },
                hooks[2] with { State = CompensationItemState.Failed, Error = "503" },
            ],
            []);

        Assert.Equal((2, 1), (report.Checked, report.Verified));
        Assert.Equal(
            [(8L, "firebreak.knowledge_quarantine", "quarantined is false, expected true"), (0L, "firebreak.knowledge_quarantine", "hook failed: 503")],
            report.Mismatches.Select(m => (m.ActionSeq, m.Tool, m.Detail)));
    }
}
