using System.Text.Json;
using Firebreak.Ledger;

namespace Firebreak.Core.Tests.Ledger;

public sealed class LedgerValidatorTests
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;

    private static RecordActionRequest Action() => new("support", "k-1", "issue_refund", Empty, ActionOutcome.Executed);

    public static TheoryData<RecordActionRequest, string> InvalidActions() => new()
    {
        { Action() with { AgentId = "Support Bot" }, "agentId" },
        { Action() with { IdempotencyKey = "" }, "idempotencyKey" },
        { Action() with { IdempotencyKey = new string('k', 256) }, "idempotencyKey" },
        { Action() with { Tool = "" }, "tool" },
        { Action() with { Arguments = JsonDocument.Parse("[1]").RootElement }, "arguments" },
        { Action() with { Outcome = (ActionOutcome)99 }, "outcome" },
        { Action() with { Entities = ["customer47"] }, "entities[0]" },
        { Action() with { Entities = ["ticket:812", "Customer:47"] }, "entities[1]" },
        { Action() with { Amount = 40m }, "currency" },
        { Action() with { Currency = "USD" }, "amount" },
        { Action() with { Amount = 40m, Currency = "usd" }, "currency" },
        { Action() with { Amount = 0.0000001m, Currency = "USD" }, "amount" },
        { Action() with { Amount = 2_000_000_000_000m, Currency = "USD" }, "amount" },
        { Action() with { DurationMs = -1 }, "durationMs" },
    };

    [Theory]
    [MemberData(nameof(InvalidActions))]
    public void InvalidActions_NameTheField(RecordActionRequest request, string field)
    {
        var errors = LedgerValidator.Validate(request).ToDictionary();

        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void AValidAction_PassesWithAnIdempotencyKeyOfExactly255Characters()
    {
        var request = Action() with { IdempotencyKey = new string('k', 255), Entities = ["ticket:812", "customer:47"], Amount = 40.25m, Currency = "USD" };

        Assert.True(LedgerValidator.Validate(request).IsValid);
    }

    [Theory]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", true)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", true)]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01", false)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", false)]
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", false)]
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", false)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", false)]
    [InlineData("", false)]
    public void Traceparent_FollowsW3CTraceContext(string value, bool valid)
    {
        Assert.Equal(valid, Traceparent.IsValid(value));
    }

    [Theory]
    [InlineData(RunStatus.Running, false)]
    [InlineData(RunStatus.Completed, true)]
    [InlineData(RunStatus.Failed, true)]
    [InlineData(RunStatus.Killed, true)]
    [InlineData(RunStatus.Held, true)]
    public void EndRun_RequiresAFinalStatus(RunStatus status, bool valid)
    {
        Assert.Equal(valid, LedgerValidator.Validate(new EndRunRequest(status)).IsValid);
    }

    [Fact]
    public void CompleteAction_RefusesPendingAsAFinalOutcome()
    {
        Assert.False(LedgerValidator.Validate(new CompleteActionRequest("support", "k", ActionOutcome.Pending)).IsValid);
        Assert.True(LedgerValidator.Validate(new CompleteActionRequest("support", "k", ActionOutcome.Failed)).IsValid);
    }

    [Fact]
    public void StartRun_RefusesAnEmptyRunIdAndABadTraceparent()
    {
        var errors = LedgerValidator.Validate(new StartRunRequest("support", RunId: "", Traceparent: "nope")).ToDictionary();

        Assert.Contains("runId", errors.Keys);
        Assert.Contains("traceparent", errors.Keys);
    }
}
