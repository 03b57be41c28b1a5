using System.Text.Json;
using Firebreak.Compensation;
using Firebreak.Ledger;
using Firebreak.Registry;

namespace Firebreak.Core.Tests.Compensation;

public sealed class CompensationPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string> Endpoints = new(StringComparer.Ordinal) { ["desk"] = "http://desk:5081/" };

    private static readonly ToolDefinition Refund = new(
        "issue_refund", RiskClass.Financial, Compensation: new ToolCompensation(new HttpCompensator("{endpoint.desk}/refunds/{result.id}/reverse")));

    private static readonly ToolDefinition Email = new(
        "send_email", RiskClass.Message, Compensation: new ToolCompensation(Mitigation: new MitigationDefinition("Send a correction", "customer-success")));

    [Fact]
    public void AnExecutedRefund_IsPlannedForItsHttpCompensator_WithTheUrlFilledFromItsResult()
    {
        var item = CompensationPlanner.Plan(Action("issue_refund", """{"id":"rf 1?2"}"""), Refund, Endpoints, Now);

        Assert.Equal(CompensationKind.Http, item.Kind);
        Assert.Equal(CompensationItemState.Planned, item.State);
        Assert.Equal("http://desk:5081/refunds/rf%201%3F2/reverse", item.Target);
        Assert.Equal("compensate:support:key-1", item.CompensationKey);
    }

    [Theory]
    [InlineData("../admin")]
    [InlineData("%2e%2e%2fadmin")]
    [InlineData("rf-1/../../admin")]
    public void AnAgentsResultThatWouldLeaveTheCompensatorsPath_FailsTheItem_AndNothingIsCalled(string id)
    {
        var item = CompensationPlanner.Plan(Action("issue_refund", $$"""{"id":"{{id}}"}"""), Refund, Endpoints, Now);

        Assert.Equal(CompensationItemState.Failed, item.State);
        Assert.Null(item.Target);
        Assert.StartsWith("cannot build the compensator URL: '{result.id}' of action 'key-1' is", item.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmail_BecomesAMitigation()
    {
        var item = CompensationPlanner.Plan(Action("send_email"), Email, Endpoints, Now);

        Assert.Equal(CompensationKind.Mitigation, item.Kind);
        Assert.Equal("Send a correction", item.Target);
        Assert.Equal(CompensationItemState.Planned, item.State);
    }

    [Theory]
    [InlineData(ActionOutcome.Blocked, "outcome blocked")]
    [InlineData(ActionOutcome.Shadowed, "outcome shadowed")]
    [InlineData(ActionOutcome.Failed, "outcome failed")]
    public void AnActionWithoutEffect_IsSkipped_SayingWhy(ActionOutcome outcome, string reason)
    {
        var item = CompensationPlanner.Plan(Action("issue_refund", """{"id":"rf-1"}""") with { Outcome = outcome }, Refund, Endpoints, Now);

        Assert.Equal(CompensationItemState.Skipped, item.State);
        Assert.StartsWith(reason, item.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AToolWithoutCompensation_IsSkipped_AndAMissingUrlValue_Fails()
    {
        var undeclared = CompensationPlanner.Plan(Action("close_ticket"), new ToolDefinition("close_ticket", RiskClass.Write), Endpoints, Now);
        var noResult = CompensationPlanner.Plan(Action("issue_refund"), Refund, Endpoints, Now);

        Assert.Equal(CompensationItemState.Skipped, undeclared.State);
        Assert.Contains("declares no compensation", undeclared.Error, StringComparison.Ordinal);
        Assert.Equal(CompensationItemState.Failed, noResult.State);
        Assert.Contains("{result.id}", noResult.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCompensationKey_IsTheSameForTheSameAction_AndBoundedForLongKeys()
    {
        var longKey = new string('k', 300);

        Assert.Equal(CompensationKey.For("support", "a"), CompensationKey.For("support", "a"));
        Assert.NotEqual(CompensationKey.For("support", "a"), CompensationKey.For("billing", "a"));
        Assert.True(CompensationKey.For("support", longKey).Length <= LedgerValidator.MaxIdempotencyKeyLength);
        Assert.Equal(CompensationKey.For("support", longKey), CompensationKey.For("support", longKey));
    }

    [Fact]
    public void TheIntegrityReport_ListsFailuresAndMismatches_AndCountsVerifiedItems()
    {
        var done = CompensationPlanner.Plan(Action("issue_refund", """{"id":"rf-1"}"""), Refund, Endpoints, Now) with { State = CompensationItemState.Done };
        var report = IntegrityReport.Of(
        [
            done with { Verified = true },
            done with { ActionSeq = 2, Verified = false, VerifyDetail = "reversalId is missing" },
            done with { ActionSeq = 3, Verified = null },
            done with { ActionSeq = 4, State = CompensationItemState.Failed, Error = "409 Conflict" },
        ]);

        Assert.Equal(2, report.Checked);
        Assert.Equal(1, report.Verified);
        Assert.Equal(1, report.Unverifiable);
        Assert.Equal([2L, 4L], report.Mismatches.Select(m => m.ActionSeq).Order());
    }

    [Fact]
    public void TheRegistry_RefusesACompensationThatDeclaresBothOrNeither_OrAVerificationWithoutAField()
    {
        var both = new ToolCompensation(new HttpCompensator("http://x/y"), new MitigationDefinition("t", "o"));
        var neither = new ToolCompensation();
        var verify = new ToolCompensation(new HttpCompensator("ftp://x", VerifyUrl: "http://x/z"));
        var agent = new AgentDefinition("support", "team", null,
        [
            new ToolDefinition("a", RiskClass.Write, Compensation: both),
            new ToolDefinition("b", RiskClass.Write, Compensation: neither),
            new ToolDefinition("c", RiskClass.Write, Compensation: verify),
        ]);

        var errors = AgentValidator.Validate(agent).ToDictionary();

        Assert.Contains("tools[0].compensation", errors.Keys);
        Assert.Contains("tools[1].compensation", errors.Keys);
        Assert.Contains("tools[2].compensation.http.url", errors.Keys);
        Assert.Contains("tools[2].compensation.http.verifyField", errors.Keys);
    }

    private static ActionRecord Action(string tool, string? result = null)
    {
        using var arguments = JsonDocument.Parse("""{"ticketId":"t-1"}""");
        JsonElement? parsed = result is null ? null : JsonDocument.Parse(result).RootElement.Clone();
        return new ActionRecord(
            1, "support", "key-1", tool, arguments.RootElement.Clone(), "digest", ActionOutcome.Executed, "run-1", parsed,
            ["ticket:t-1"], null, null, null, null, Now, "hash");
    }
}
