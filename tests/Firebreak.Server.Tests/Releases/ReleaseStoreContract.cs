using System.Text.Json;
using Firebreak.Control;
using Firebreak.Regression;
using Firebreak.Releases;
using Firebreak.Serialization;
using Firebreak.Server.Releases;
using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Releases;

/// <summary>What every storage backend must do for releases, their routing and regression results. Subclassed once per backend.</summary>
public abstract class ReleaseStoreContract : StoreContractBase
{


    [Fact]
    public async Task TheSameContent_IsTheSameRelease_WhoeverCreatesIt_AndAPrefixFindsIt()
    {
        var first = await Stores.Releases.CreateAsync(Request("be kind", notes: "first"), "alice", Ct);
        var again = await Stores.Releases.CreateAsync(Request("be kind", notes: "second"), "bob", Ct);
        var other = await Stores.Releases.CreateAsync(Request("be brief"), "alice", Ct);

        Assert.Equal(WriteStatus.Created, first.Status);
        Assert.Equal(WriteStatus.Existing, again.Status);
        Assert.Equal(first.Value!.Id, again.Value!.Id);
        Assert.Equal("alice", again.Value.Author);
        Assert.Equal("first", again.Value.Notes);
        Assert.NotEqual(first.Value.Id, other.Value!.Id);
        Assert.Equal(Request("be kind").ToContent().Digest(), first.Value.Id);
        var (found, problem) = await Stores.Releases.ResolveAsync("support", first.Value.Id[..10], Ct);
        Assert.Null(problem);
        Assert.Equal(Json(first.Value), Json(found));
        Assert.Equal(2, (await Stores.Releases.ListAsync("support", 10, Ct)).Count);
        Assert.NotNull((await Stores.Releases.ResolveAsync("other", first.Value.Id, Ct)).Problem);
    }

    [Fact]
    public async Task AParent_MustExist()
    {
        var missing = await Stores.Releases.CreateAsync(Request("child") with { Parent = new string('a', 64) }, "alice", Ct);

        Assert.Equal(WriteStatus.NotFound, missing.Status);
        Assert.Empty(await Stores.Releases.ListAsync("support", 10, Ct));
    }

    [Fact]
    public async Task ActivationAndRollback_WriteEpochRoutingStateAndHistoryTogether()
    {
        var good = (await Stores.Releases.CreateAsync(Request("good"), "alice", Ct)).Value!;
        var bad = (await Stores.Releases.CreateAsync(Request("bad"), "alice", Ct)).Value!;

        await Change(s => new RoutingChange(ActivationKind.Activate, ReleaseTransitions.Activate(s, good.Id), good.Id, "alice", "baseline"));
        await Change(s => new RoutingChange(ActivationKind.Activate, ReleaseTransitions.Activate(s, bad.Id), bad.Id, "alice", "experiment"));
        var rollback = await Change(s => new RoutingChange(ActivationKind.Rollback, ReleaseTransitions.Rollback(s, null, out _)!, good.Id, "bob", "refund storm", "inc-1"));

        var state = await Stores.Releases.GetStateAsync("support", Ct);
        Assert.Equal(new AgentReleaseState("support", good.Id, good.Id), state);
        var stored = await Stores.Control.LoadAsync(Ct);
        Assert.Equal(3, stored.Epoch);
        Assert.Equal(new ReleaseRouting("support", good.Id), stored.ReleaseOf("support"));
        var history = await Stores.Releases.ListActivationsAsync("support", 10, Ct);
        Assert.Equal([ActivationKind.Rollback, ActivationKind.Activate, ActivationKind.Activate], history.Select(h => h.Kind));
        Assert.Equal(rollback.Activation, history[0]);
        Assert.Equal((bad.Id, good.Id, "bob", "refund storm", "inc-1", 3L), (history[0].FromReleaseId, history[0].ToReleaseId, history[0].Actor, history[0].Reason, history[0].IncidentId, history[0].Epoch));
        Assert.Null(history[2].FromReleaseId);
        Assert.Equal(3, (await Stores.Control.ListAsync("support", 10, Ct)).Count);
        Assert.True((await Stores.Ledger.VerifyAsync(Ct)).Valid);
    }

    [Fact]
    public async Task ARefusedChange_WritesNothing()
    {
        var result = await Stores.Releases.ChangeRoutingAsync("support", (_, _) => (null, "nothing to roll back to"), ControlSnapshot.Empty, null, Ct);

        Assert.Equal(WriteStatus.Conflict, result.Status);
        Assert.Equal("nothing to roll back to", result.Detail);
        Assert.Equal(0, (await Stores.Control.LoadAsync(Ct)).Epoch);
        Assert.Empty(await Stores.Releases.ListActivationsAsync("support", 10, Ct));
    }

    [Fact]
    public async Task TheLatestReplay_OfACaseOnARelease_IsTheOneThatCounts()
    {
        var release = (await Stores.Releases.CreateAsync(Request("good"), "alice", Ct)).Value!;
        var other = (await Stores.Releases.CreateAsync(Request("other"), "alice", Ct)).Value!;
        var stored = await Stores.Regression.CreateAsync(Case("reg_1"), null, Ct);

        await Stores.Regression.RecordResultAsync(new RegressionResultRequest(stored.Id, release.Id, false, ["must not call issue_refund: called"]), "ci", Ct);
        Stores.Time.Advance(TimeSpan.FromMinutes(1));
        await Stores.Regression.RecordResultAsync(new RegressionResultRequest(stored.Id, release.Id, true, []), "ci", Ct);
        await Stores.Regression.RecordResultAsync(new RegressionResultRequest(stored.Id, other.Id, false, ["x"]), "ci", Ct);

        var results = await Stores.Regression.ListResultsAsync("support", release.Id, Ct);
        var result = Assert.Single(results);
        Assert.True(result.Passed);
        Assert.Empty(result.Failures);
        Assert.Equal(Stores.Time.GetUtcNow(), result.RanAt);
        Assert.Equal(Json(stored), Json(await Stores.Regression.GetAsync("reg_1", Ct)));
        Assert.Equal(Json(new[] { stored }), Json(await Stores.Regression.ListAsync("support", Ct)));
    }

    private async Task<(ReleaseActivation Activation, ControlSnapshot Snapshot)> Change(Func<AgentReleaseState, RoutingChange> plan)
    {
        var current = await Stores.Control.LoadAsync(Ct);
        var result = await Stores.Releases.ChangeRoutingAsync("support", (state, _) => (plan(state), null), current, null, Ct);
        Assert.Equal(WriteStatus.Created, result.Status);
        return result.Value;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, FirebreakJson.Options);

    private static CreateReleaseRequest Request(string prompt, string? notes = null) => new(
        "support",
        new ReleaseModel("gpt-4o-mini-2024-07-18", "openai", JsonSerializer.SerializeToElement(new { temperature = 0.2 })),
        new Dictionary<string, string>(StringComparer.Ordinal) { ["system"] = prompt },
        Notes: notes);

    private static RegressionCase Case(string id) => new(
        id,
        "support",
        "goodwill refund",
        "run-1",
        JsonSerializer.SerializeToElement(new { subject = "where is my order" }),
        [],
        [new RecordedToolCall("issue_refund", JsonSerializer.SerializeToElement(new { amount = 40 }), JsonSerializer.SerializeToElement(new { id = "rf-1" }))],
        [new RegressionAssertion(AssertionKind.MustNotCall, Tool: "issue_refund")],
        "alice",
        DateTimeOffset.UnixEpoch);
}
