using Firebreak.Playbooks;
using Firebreak.Server.Playbooks;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Playbooks;

/// <summary>What every storage backend must do with playbook executions: an automatic one answers an alert once.</summary>
public abstract class PlaybookStoreContract : StoreContractBase
{
    private PlaybookStore Store => new(Stores.Database, Stores.Writer);

    [Fact]
    public async Task AnAutomaticExecution_ClaimsItsAlertOnce_EvenFromAnotherStoreOverTheSameDatabase()
    {
        var first = Execution("pbx_1", "alt_1", automatic: true);
        var otherNode = new PlaybookStore(Stores.Database, Stores.Writer);

        Assert.True(await Store.StartAsync(first, Ct));
        Assert.False(await otherNode.StartAsync(first with { Id = "pbx_2" }, Ct));
        Assert.True(await Store.StartAsync(Execution("pbx_3", "alt_1", automatic: true, playbook: "tool-misuse"), Ct));
        Assert.True(await Store.StartAsync(Execution("pbx_4", "alt_2", automatic: true), Ct));
        Assert.Null(await Store.GetAsync("pbx_2", Ct));
    }

    [Fact]
    public async Task AnOperator_MayApplyAPlaybookToAnAlertAgain()
    {
        Assert.True(await Store.StartAsync(Execution("pbx_1", "alt_1", automatic: true), Ct));

        Assert.True(await Store.StartAsync(Execution("pbx_2", "alt_1", automatic: false), Ct));
        Assert.True(await Store.StartAsync(Execution("pbx_3", "alt_1", automatic: false), Ct));
        Assert.True(await Store.StartAsync(Execution("pbx_4", null, automatic: false), Ct));
        Assert.True(await Store.StartAsync(Execution("pbx_5", null, automatic: false), Ct));
    }

    [Fact]
    public async Task AFinishedExecution_KeepsEveryStepsOutcome_AndItsIncident()
    {
        var started = Execution("pbx_1", "alt_1", automatic: true);
        await Store.StartAsync(started, Ct);
        Stores.Time.Advance(TimeSpan.FromSeconds(2));
        var finished = started with
        {
            IncidentId = "INC-4",
            FinishedAt = Stores.Time.GetUtcNow(),
            Steps =
            [
                new PlaybookStepResult(1, PlaybookStepKind.Control, "Kill tool issue_refund of support: wrong", PlaybookStepStatus.Applied, "epoch 3: 1 of 1 enforcement points confirmed (desk-1)", DurationMs: 12.5),
                new PlaybookStepResult(0, PlaybookStepKind.DeclareIncident, "Declare SEV2", PlaybookStepStatus.Applied, IncidentId: "INC-4"),
                new PlaybookStepResult(2, PlaybookStepKind.Page, "Page", PlaybookStepStatus.Skipped, "no incident"),
            ],
        };

        await Store.FinishAsync(finished, Ct);
        var stored = await Store.GetAsync("pbx_1", Ct);

        Assert.NotNull(stored);
        Assert.Equal(finished.Steps, stored.Steps);
        Assert.Equal(finished with { Steps = stored.Steps }, stored);
    }

    [Fact]
    public async Task Executions_AreListedNewestFirst_ByAgentAndByAlert()
    {
        await Store.StartAsync(Execution("pbx_1", "alt_1", automatic: true), Ct);
        Stores.Time.Advance(TimeSpan.FromSeconds(1));
        await Store.StartAsync(Execution("pbx_2", "alt_2", automatic: true, startedAt: Stores.Time.GetUtcNow()), Ct);
        await Store.StartAsync(Execution("pbx_3", "alt_3", automatic: true, agent: "billing"), Ct);

        Assert.Equal(["pbx_2", "pbx_1"], (await Store.ListAsync("support", null, 10, Ct)).Select(e => e.Id));
        Assert.Equal(["pbx_2"], (await Store.ListAsync(null, "alt_2", 10, Ct)).Select(e => e.Id));
        Assert.Single(await Store.ListAsync(null, null, 1, Ct));
    }

    private PlaybookExecution Execution(string id, string? alertId, bool automatic, string playbook = "refund-storm", string agent = "support", DateTimeOffset? startedAt = null) =>
        new(id, agent, playbook, alertId, null, automatic, DryRun: false, automatic ? "firebreak" : "alice", startedAt ?? Stores.Time.GetUtcNow(), null, []);
}
